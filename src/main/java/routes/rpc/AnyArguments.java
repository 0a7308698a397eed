package routes.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A method that takes any arguments ({@code *args, **kwargs}): the call itself, as received. */
public record AnyArguments(ArrayNode args, ObjectNode kwargs) {

    public static AnyArguments bind(byte[] body) {
        RpcCall call;
        try {
            call = RpcCall.parse(body);
        } catch (RpcCall.Malformed malformed) {
            throw new InvalidArguments(malformed.violations());
        }
        return new AnyArguments(call.args(), call.kwargs());
    }

    /** The call again, as {@code [args, kwargs]} bytes. */
    public byte[] bytes() {
        return new RpcCall(args, kwargs).bytes();
    }
}
