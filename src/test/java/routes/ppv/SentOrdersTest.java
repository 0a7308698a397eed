package routes.ppv;

import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's memory of what it sent to billing: first deliveries, redeliveries known and unknown, its bound. */
class SentOrdersTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void aSecondDeliveryGetsTheFirstOnesAnswerAndAnUnknownRedeliveryIsNotSent() {
        SentOrders orders = new SentOrders();
        orders.setWhenUnknown("ER444");
        Exchange first = delivery("id-1", false);
        orders.claim(first);
        assertThat(first.getProperty(SentOrders.SENT_BEFORE, Boolean.class)).isFalse();
        assertThat(first.getProperty(SentOrders.UNKNOWN_REDELIVERY, Boolean.class)).isFalse();
        first.getMessage().setBody("OK\r");
        orders.answered(first);

        Exchange again = delivery("id-1", true);
        orders.claim(again);
        assertThat(again.getProperty(SentOrders.SENT_BEFORE, Boolean.class)).isTrue();
        assertThat(again.getMessage().getBody(String.class)).isEqualTo("OK\r");

        Exchange unknown = delivery("id-2", true);
        orders.claim(unknown);
        assertThat(unknown.getProperty(SentOrders.UNKNOWN_REDELIVERY, Boolean.class)).isTrue();
        assertThat(unknown.getMessage().getBody(String.class)).isEqualTo("ER444");
        assertThat(orders.remembered()).as("an unknown redelivery is not remembered as sent").isEqualTo(1);
    }

    @Test
    void anAnswerThatNeverCameIsTheUnknownCodeAfterTheWait() {
        SentOrders orders = new SentOrders();
        orders.setWhenUnknown("ER444");
        orders.setWaitMillis(50);
        orders.claim(delivery("id-3", false));
        Exchange again = delivery("id-3", true);
        long started = System.nanoTime();
        orders.claim(again);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(45);
        assertThat(again.getMessage().getBody(String.class)).isEqualTo("ER444");
    }

    @Test
    void withoutACorrelationIdEveryDeliveryIsSent() {
        SentOrders orders = new SentOrders();
        Exchange exchange = delivery(null, true);
        orders.claim(exchange);
        assertThat(exchange.getProperty(SentOrders.SENT_BEFORE, Boolean.class)).isFalse();
        assertThat(exchange.getProperty(SentOrders.UNKNOWN_REDELIVERY, Boolean.class)).isFalse();
        assertThat(orders.remembered()).isZero();
    }

    @Test
    void itRemembersAtMostMaxEntriesDroppingTheOldest() {
        SentOrders orders = new SentOrders();
        orders.setMaxEntries(100);
        orders.setWaitMillis(10);
        for (int i = 0; i < 1000; i++) {
            orders.claim(delivery("id-" + i, false));
        }
        assertThat(orders.remembered()).isLessThanOrEqualTo(100);
        Exchange latest = delivery("id-999", true);
        orders.claim(latest);
        assertThat(latest.getProperty(SentOrders.SENT_BEFORE, Boolean.class)).as("the newest are kept").isTrue();
    }

    private Exchange delivery(String correlationId, boolean redelivered) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody("{'connid':'012703395c597610','EV':'1'}");
        if (correlationId != null) {
            exchange.getMessage().setHeader(SpringRabbitMQConstants.CORRELATION_ID, correlationId);
        }
        exchange.getMessage().setHeader(SpringRabbitMQConstants.REDELIVERED, redelivered);
        return exchange;
    }
}
