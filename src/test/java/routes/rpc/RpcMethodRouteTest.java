package routes.rpc;

import java.nio.charset.StandardCharsets;

import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import routes.http.Refusal;
import routes.http.Violation;
import routes.testing.RouteTestMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service method's route (the rpc-method template, as greeting_service.hello instantiates it) on the production
 * YAML and properties: the NATS consumer replaced by a direct endpoint, the invalid endpoint mocked, the answer
 * observed at the route's end. No broker.
 */
@CamelMainTest(
        propertyPlaceholderLocations = {"classpath:application.properties", "classpath:rpc-method-route-only.properties"},
        replaceRouteFromWith = {"greeting_service.hello=direct:hello-in", "greeting_service.hello_sleep=direct:sleep-in"},
        configurationClasses = RouteTestMetrics.class,
        advices = @AdviceRouteMapping(route = "greeting_service.hello", advice = RpcMethodRouteTest.MockEnds.class))
class RpcMethodRouteTest {

    /** The invalid endpoint becomes mock:invalid; what the route leaves, the reply, is seen at mock:answer. */
    public static class MockEnds extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:rpc-invalid").replace().to("mock:invalid");
            weaveAddLast().to("mock:answer");
        }
    }

    @EndpointInject("mock:invalid")
    MockEndpoint invalid;

    @EndpointInject("mock:answer")
    MockEndpoint answer;

    @Produce
    ProducerTemplate producer;

    private Exchange call(String body) {
        return producer.request("direct:hello-in", exchange -> {
            exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
            exchange.getMessage().setHeader("X-Request-Id", "route-test-rpc");
        });
    }

    @Test
    void aValidCallIsWorkedAndAnsweredWithItsResultAlone() throws Exception {
        invalid.expectedMessageCount(0);
        answer.expectedMessageCount(1);

        Exchange done = call("[[\"Bob\"], {\"last_name\": \"Ross\"}]");

        invalid.assertIsSatisfied();
        answer.assertIsSatisfied();
        assertThat(new String(done.getMessage().getBody(byte[].class), StandardCharsets.UTF_8))
                .isEqualTo("[[\"Hello, Bob Ross\"],{}]");
        assertThat(done.getMessage().getHeader("Nats-Service-Error-Code")).isNull();
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "answered", "rpc")).isEqualTo(1);
    }

    /** Binding and validation problems take the invalid branch, with what its record needs. */
    @Test
    void aRefusedCallIsHandedToTheInvalidEndpointWithItsRefusal() throws Exception {
        invalid.expectedMessageCount(1);

        call("[[5], {\"nick\": \"B\"}]");

        invalid.assertIsSatisfied();
        Exchange atInvalid = invalid.getReceivedExchanges().get(0);
        Refusal refusal = atInvalid.getProperty(RpcAnswers.REFUSAL, Refusal.class);
        assertThat(refusal.violations()).extracting(Violation::field).containsExactly("first_name", "nick");
        assertThat(atInvalid.getProperty("rpc", String.class)).isEqualTo("greeting_service.hello");
        assertThat(atInvalid.getProperty("requestId", String.class)).isEqualTo("route-test-rpc");
        assertThat(new String(atInvalid.getProperty("rawBody", byte[].class), StandardCharsets.UTF_8))
                .isEqualTo("[[5], {\"nick\": \"B\"}]");
        assertThat(RouteTestMetrics.workerAnswers(producer.getCamelContext(), "answered", "rpc")).isZero();
    }
}
