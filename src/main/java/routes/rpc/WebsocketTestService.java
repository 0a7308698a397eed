package routes.rpc;

/** websocket_test's method: the call is published for the browsers, the caller is told where to look. */
public final class WebsocketTestService {

    private WebsocketTestService() {
    }

    /** What hello_websocket answers once it has published the call. */
    public static RpcResult published() {
        return RpcResult.of("Look at your browser");
    }
}
