package routes.football;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import routes.testing.RouteTestMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/** A failing step on the worker side still produces a reply, so no caller waits out the gateway's timeout. */
@CamelMainTest(
        propertyPlaceholderLocations = {"classpath:application.properties", "classpath:pricer-route-only.properties"},
        replaceRouteFromWith = {"football-pricer=direct:pricer-in"},
        configurationClasses = RouteTestMetrics.class,
        advices = @AdviceRouteMapping(route = "football-pricer",
                advice = FootballPricerFailureRouteTest.BreakThePricer.class))
class FootballPricerFailureRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static class BreakThePricer extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveById("football-price").replace().throwException(new IllegalStateException("pricer bug"));
        }
    }

    @Produce
    ProducerTemplate producer;

    @Test
    void anUnexpectedFailureRepliesA500Envelope() throws Exception {
        JsonNode reply = send("{\"game_id\":\"g\",\"home_expected\":1,\"away_expected\":1}");

        assertThat(reply.path("status").asInt()).isEqualTo(500);
        assertThat(reply.path("body").path("error").asText()).isEqualTo("pricing failed");
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "failed")).isEqualTo(1);
    }

    private JsonNode send(String body) throws Exception {
        return JSON.readTree(producer.requestBody("direct:pricer-in", body.getBytes(StandardCharsets.UTF_8), byte[].class));
    }
}
