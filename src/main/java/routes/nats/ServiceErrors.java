package routes.nats;

/**
 * The NATS services convention for error replies: the status and the message travel as headers
 * ({@code Nats-Service-Error-Code}, {@code Nats-Service-Error}) beside the body. Routes set them as message headers
 * of these names; the service consumer sends them with the reply, and the gateway's requester copies them back.
 */
public final class ServiceErrors {

    public static final String CODE = "Nats-Service-Error-Code";
    public static final String MESSAGE = "Nats-Service-Error";

    private ServiceErrors() {
    }
}
