package routes.football;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.EndpointInject;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import routes.testing.RouteTestMetrics;

import routes.http.Violation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invalid endpoint on the production YAML: a refused request handed over by the pricer is recorded, then
 * answered 400 (what the route leaves is the answer the pricer's consumer sends); a record that cannot be stored is
 * answered 503, never 400. The JetStream publish is mocked (AdviceWith by step id) and the answer observed at the
 * route's end; NATS itself is offline.
 */
@CamelMainTest(
        propertyPlaceholderLocations = {"classpath:application.properties", "classpath:invalid-route-only.properties"},
        replaceRouteFromWith = {"football-invalid=direct:invalid-in"},
        configurationClasses = RouteTestMetrics.class,
        advices = @AdviceRouteMapping(route = "football-invalid", advice = FootballInvalidRouteTest.MockEnds.class))
class FootballInvalidRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FAILING_REQUEST = "record-fails";

    /** Records go to mock:records (failing for one request id), answers to mock:answers. */
    public static class MockEnds extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            // the JetStream publish (step ids of a templated route are still templates when advised)
            weaveByToUri("jetstream:*").replace()
                    .choice()
                    .when(exchangeProperty("requestId").isEqualTo(FAILING_REQUEST))
                    .throwException(new java.io.IOException("JetStream publish failed"))
                    .otherwise()
                    .to("mock:records");
            weaveAddLast().to("mock:answers");
        }
    }

    @EndpointInject("mock:records")
    MockEndpoint records;

    @EndpointInject("mock:answers")
    MockEndpoint answers;

    @Produce
    ProducerTemplate producer;

    @Test
    void aRefusedRequestIsRecordedThenAnswered400() throws Exception {
        records.expectedMessageCount(1);
        answers.expectedMessageCount(1);

        handOver("req-1", "{\"game_id\":\"g9\",\"home_expected\":16}");

        records.assertIsSatisfied();
        answers.assertIsSatisfied();
        JsonNode record = JSON.readTree(records.getReceivedExchanges().get(0).getMessage().getBody(byte[].class));
        assertThat(record.path("request_id").asText()).isEqualTo("req-1");
        assertThat(records.getReceivedExchanges().get(0).getMessage().getHeaders())
                .containsOnlyKeys("X-Request-Id").containsEntry("X-Request-Id", "req-1");
        var answer = answers.getReceivedExchanges().get(0);
        assertThat(answer.getMessage().getHeader("Nats-Service-Error-Code", String.class)).isEqualTo("400");
        JsonNode envelope = JSON.readTree(answer.getMessage().getBody(byte[].class));
        assertThat(envelope.path("status").asInt()).isEqualTo(400);
        assertThat(envelope.path("body").path("game_id").asText()).isEqualTo("g9");
        assertThat(envelope.path("body").path("violations").get(0).path("field").asText()).isEqualTo("home_expected");
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "invalid")).isEqualTo(1);
    }

    @Test
    void aRecordThatCannotBeStoredIsAnswered503Not400() throws Exception {
        records.expectedMessageCount(0);
        answers.expectedMessageCount(1);

        handOver(FAILING_REQUEST, "{}");

        answers.assertIsSatisfied();
        records.assertIsSatisfied();
        JsonNode envelope = JSON.readTree(answers.getReceivedExchanges().get(0).getMessage().getBody(byte[].class));
        assertThat(envelope.path("status").asInt()).isEqualTo(503);
        assertThat(envelope.path("body").path("error").asText()).contains("could not be recorded");
        assertThat(answers.getReceivedExchanges().get(0).getMessage().getHeader("Nats-Service-Error-Code", String.class))
                .isEqualTo("503");
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "unrecorded")).isEqualTo(1);
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "invalid")).isZero();
    }

    /** What the pricer route hands over: the request id, the raw body and the rejection, in the request's exchange. */
    private void handOver(String requestId, String rawBody) {
        producer.request("direct:invalid-in", exchange -> {
            exchange.setProperty("requestId", requestId);
            exchange.setProperty("rawBody", rawBody.getBytes(StandardCharsets.UTF_8));
            exchange.setProperty("rejection", Rejection.of("g9",
                    List.of(Violation.rejecting("home_expected", "must be between 0 and 15", 16))));
        });
    }
}
