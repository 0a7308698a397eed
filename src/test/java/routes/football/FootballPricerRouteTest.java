package routes.football;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Produce;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import routes.testing.RouteTestMetrics;

import routes.http.Violation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pricer route's content-based routing, on the production YAML and properties, with the NATS consumer replaced
 * by a direct endpoint and both branches' ends mocked (AdviceWith by step id). No broker involved.
 */
@CamelMainTest(
        propertyPlaceholderLocations = {"classpath:application.properties", "classpath:pricer-route-only.properties"},
        replaceRouteFromWith = {"football-pricer=direct:pricer-in"},
        configurationClasses = RouteTestMetrics.class,
        advices = @AdviceRouteMapping(route = "football-pricer", advice = FootballPricerRouteTest.MockBranchEnds.class))
class FootballPricerRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Observes the valid branch after pricing and replaces the invalid endpoint (it would publish to NATS). */
    public static class MockBranchEnds extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveById("football-price").after().to("mock:priced");
            weaveById("football-to-invalid").replace().to("mock:invalid");
        }
    }

    @EndpointInject("mock:priced")
    MockEndpoint priced;

    @EndpointInject("mock:invalid")
    MockEndpoint invalid;

    @Produce
    ProducerTemplate producer;

    @Test
    void validRequestGoesToThePricerAndRepliesPriced() throws Exception {
        priced.expectedMessageCount(1);
        invalid.expectedMessageCount(0);

        JsonNode reply = send("{\"game_id\":\"g1\",\"home_expected\":1.5,\"away_expected\":1.1}");

        priced.assertIsSatisfied();
        invalid.assertIsSatisfied();
        assertThat(priced.getReceivedExchanges().get(0).getMessage().getBody()).isInstanceOf(FootballPrices.class);
        assertThat(reply.path("status").asInt()).isEqualTo(200);
        assertThat(reply.path("body").path("game_id").asText()).isEqualTo("g1");
        assertThat(reply.path("body").path("probabilities").path("home").asDouble()).isBetween(0.4642, 0.4643);
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "priced")).isEqualTo(1);
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "invalid")).isZero();
    }

    /** The pricer hands a refused request on with what football-invalid needs, and answers it no further itself. */
    @Test
    void constraintViolationIsHandedToTheInvalidEndpoint() throws Exception {
        priced.expectedMessageCount(0);
        invalid.expectedMessageCount(1);

        Exchange done = sendExchange("{\"game_id\":\"g2\",\"home_expected\":16,\"away_expected\":1}");

        priced.assertIsSatisfied();
        invalid.assertIsSatisfied();
        Exchange atInvalid = invalid.getReceivedExchanges().get(0);
        Rejection rejection = atInvalid.getProperty("rejection", Rejection.class);
        assertThat(rejection.gameId()).isEqualTo("g2");
        assertThat(rejection.violations()).extracting(Violation::field).containsExactly("home_expected");
        assertThat(rejection.violations().get(0).message()).isEqualTo("must be between 0 and 15");
        assertThat(atInvalid.getProperty("requestId", String.class)).isEqualTo("route-test-1");
        // the request's own exchange is handed on: what the invalid endpoint leaves is what its consumer answers
        assertThat(atInvalid.getExchangeId()).isEqualTo(done.getExchangeId());
        assertThat(atInvalid.getPattern()).isEqualTo(org.apache.camel.ExchangePattern.InOut);
        assertThat(new String(atInvalid.getProperty("rawBody", byte[].class), StandardCharsets.UTF_8))
                .contains("\"game_id\":\"g2\"");
        assertThat(done.getException()).isNull();
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "priced")).isZero();
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "failed")).isZero();
    }

    @Test
    void unparseableBodyAlsoTakesTheInvalidBranch() throws Exception {
        priced.expectedMessageCount(0);
        invalid.expectedMessageCount(1);

        sendExchange("not json");

        priced.assertIsSatisfied();
        invalid.assertIsSatisfied();
        Rejection rejection = invalid.getReceivedExchanges().get(0).getProperty("rejection", Rejection.class);
        assertThat(rejection.violations()).extracting(Violation::field).containsExactly("body");
    }

    private JsonNode send(String body) throws Exception {
        byte[] reply = producer.requestBodyAndHeader("direct:pricer-in", body.getBytes(StandardCharsets.UTF_8),
                "X-Request-Id", "route-test-1", byte[].class);
        return JSON.readTree(reply);
    }

    private Exchange sendExchange(String body) {
        return producer.request("direct:pricer-in", exchange -> {
            exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
            exchange.getMessage().setHeader("X-Request-Id", "route-test-1");
        });
    }
}
