package routes.nats;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import routes.observe.RequestOutcomes;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyEnvelopeTest {

    @Test
    void anEnvelopeBecomesStatusAndBody() {
        Exchange exchange = exchangeWith("{\"status\":400,\"body\":{\"error\":\"x\"}}");

        ReplyEnvelope.toHttp(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"x\"}");
    }

    /** The body is passed on byte for byte, wherever it sits in the envelope; the log field is read on the way. */
    @Test
    void theBodyIsPassedOnAsWrittenAndItsLogFieldKept() {
        String body = "{ \"probabilities\": {\"home\": 0.46, \"game_id\": \"inner\"}, \"game_id\" : \"g\\u00e9\\n1\","
                + " \"list\": [1, {\"a\": [null]}], \"price\": null }";
        Exchange exchange = exchangeWith("{\"body\": " + body + " , \"status\": 200}");
        exchange.setProperty(RequestOutcomes.LOG_FIELD, "game_id");

        ReplyEnvelope.toHttp(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(exchange.getProperty(RequestOutcomes.REPLY_KEY, String.class)).isEqualTo("g\u00e9\n1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"text\"", "[1, 2]", "15.5"})
    void aBodyThatIsNotAnObjectIsPassedOnToo(String body) {
        Exchange exchange = exchangeWith("{\"status\":500,\"body\":" + body + "}");
        exchange.setProperty(RequestOutcomes.LOG_FIELD, "game_id");

        ReplyEnvelope.toHttp(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(exchange.getProperty(RequestOutcomes.REPLY_KEY, String.class)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"body\":{}}", "{\"status\":\"200\",\"body\":{}}", "{\"status\":200}",
            "{\"status\":42,\"body\":{}}", "{\"status\":200.5,\"body\":{}}", "[]", "{\"status\":600,\"body\":{}}",
            "{\"status\":99999999999,\"body\":{}}", "{\"status\":200,\"body\":{}} {}", "{\"status\":200,\"body\":{}}x",
            "{\"status\":200,\"status\":400,\"body\":{}}", "{\"status\":200,\"body\":{\"a\":1,\"a\":2}}",
            "{\"status\":200,\"body\":{\"a\":[1,}}", "{\"status\":200,\"body\":{}", "{\"status\":200,\"body\":01}"})
    void anythingElseIsABadGatewayNotAClientError(String reply) {
        Exchange exchange = exchangeWith(reply);

        ReplyEnvelope.toHttp(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(502);
        assertThat(new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"" + ReplyEnvelope.MALFORMED_REPLY + "\"}");
    }

    private static Exchange exchangeWith(String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }
}
