package routes.football;

import routes.support.RpcReply;

/** The pricer's answers over NATS, as {@link RpcReply} envelopes the gateway maps to HTTP. */
public final class FootballReplies {

    public static final int PRICED = 200;
    public static final int INVALID = 400;

    private FootballReplies() {
    }

    public static byte[] priced(FootballPrices prices) {
        return RpcReply.json(PRICED, prices);
    }

    public static byte[] invalid(Rejection rejection) {
        return RpcReply.json(INVALID, rejection);
    }
}
