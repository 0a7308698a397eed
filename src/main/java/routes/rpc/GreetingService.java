package routes.rpc;

/** greeting_service's methods: whom to greet, and how. */
public final class GreetingService {

    private GreetingService() {
    }

    /** "Hello, Bob Ross", or "Hello, Bob" without a last name (the old service left a trailing space there). */
    public static RpcResult hello(GreetingArguments.Hello arguments) {
        String last = arguments.lastName();
        return RpcResult.of("Hello, " + arguments.firstName() + (last.isEmpty() ? "" : " " + last));
    }

    /** After the route's pause: "Hello, Sleepy Bob", or "Hello" when no name was given. */
    public static RpcResult helloSleep(GreetingArguments.HelloSleep arguments) {
        return RpcResult.of(arguments.name() == null ? "Hello" : "Hello, " + arguments.name());
    }
}
