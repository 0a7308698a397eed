package routes.rpc;

import org.apache.camel.Exchange;
import org.apache.camel.component.bean.validator.BeanValidationException;

import routes.http.Refusal;

/** Steps of the rpc-method route template that are not a method's own. */
public final class RpcMethods {

    /** The exchange property holding the call's body as received (for its invalid record). */
    public static final String RAW_BODY = "rawBody";

    private RpcMethods() {
    }

    /** In the doCatch of binding and validation: why the call is refused, kept in {@link RpcAnswers#REFUSAL}. */
    public static void refused(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Refusal refusal;
        if (caught instanceof InvalidArguments invalid) {
            refusal = invalid.refusal();
        } else if (caught instanceof BeanValidationException failed
                && exchange.getMessage().getBody() instanceof Record arguments) {
            refusal = RpcArguments.refused(failed, arguments.getClass()).refusal();
        } else {
            throw new IllegalStateException("not a refusal: " + caught, caught);
        }
        exchange.setProperty(RpcAnswers.REFUSAL, refusal);
    }
}
