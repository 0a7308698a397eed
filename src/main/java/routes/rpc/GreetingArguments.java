package routes.rpc;

/** The arguments of {@code greeting_service}'s methods. */
public final class GreetingArguments {

    private GreetingArguments() {
    }

    /** {@code hello(first_name, last_name="")}. */
    public record Hello(@Arg(value = "first_name", required = true) String firstName,
                        @Arg("last_name") String lastName) {

        public Hello {
            lastName = lastName == null ? "" : lastName;
        }

        public static Hello bind(byte[] call) {
            return RpcArguments.bind(call, Hello.class, "greeting_service.hello");
        }
    }

    /** {@code hello_sleep(name=None)}. */
    public record HelloSleep(@Arg(value = "name", nullable = true) String name) {

        public static HelloSleep bind(byte[] call) {
            return RpcArguments.bind(call, HelloSleep.class, "greeting_service.hello_sleep");
        }
    }
}
