package routes.nats;

import org.apache.camel.Exchange;

/**
 * A flow whose requests all go to one subject with one timeout (football): the HTTP body is sent as received
 * (a bodiless request as empty bytes; the worker refuses it).
 */
public final class FixedSubject {

    private String subject;
    private long timeoutMillis;

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public void setTimeoutMillis(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    public void prepare(Exchange exchange) {
        exchange.setProperty(NatsRequest.SUBJECT, subject);
        exchange.setProperty(NatsRequest.TIMEOUT_MS, timeoutMillis);
        exchange.getMessage().setBody(ReplyEnvelope.requestBytes(exchange.getMessage().getBody(byte[].class)));
    }
}
