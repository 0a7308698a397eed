package routes.ppv;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.camel.component.netty.ChannelHandlerFactories;
import org.apache.camel.component.netty.ChannelHandlerFactory;

/**
 * The netty handlers of the billing line (camel-netty's {@code encoders} and {@code decoders}): a request frame
 * goes out as its bytes; a reply is read up to its CR, however it is split across TCP packets, and longer than
 * {@code maxFrameLength} it is refused (not a reply frame).
 */
public final class WizardCodec {

    private static final String TCP = "tcp";

    private WizardCodec() {
    }

    public static ChannelHandlerFactory frameEncoder() {
        return ChannelHandlerFactories.newByteArrayEncoder(TCP);
    }

    /** Splits on CR and leaves the CR out. */
    public static ChannelHandlerFactory frameDecoder(int maxFrameLength) {
        ByteBuf cr = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {WizardLine.CR}));
        return ChannelHandlerFactories.newDelimiterBasedFrameDecoder(maxFrameLength, new ByteBuf[] {cr}, true, TCP);
    }

    /** The frame as text: the protocol is ASCII; anything else shows up as replacement characters, not a reply. */
    public static ChannelHandlerFactory textDecoder() {
        return ChannelHandlerFactories.newStringDecoder(StandardCharsets.US_ASCII, TCP);
    }
}
