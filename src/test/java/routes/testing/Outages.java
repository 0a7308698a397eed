package routes.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks shared by the broker-fault tests. */
public final class Outages {

    public static final String VALID = "{\"game_id\":\"g\",\"home_expected\":1.5,\"away_expected\":1.1}";
    /** How much later than the timeout an answer may come. */
    public static final long SLACK_MILLIS = 500;

    private Outages() {
    }

    /** Every answer: 200, or a JSON 503/504 naming the pricing service, never later than the timeout plus slack. */
    public static void assertAnsweredInTime(List<Load.Answer> answers, long timeoutMillis) {
        assertThat(answers).isNotEmpty();
        for (Load.Answer answer : answers) {
            assertThat(answer.status()).as(answer.body()).isIn(200, 503, 504);
            assertThat(answer.millis()).as("answered %d after %d ms", answer.status(), answer.millis())
                    .isLessThanOrEqualTo(timeoutMillis + SLACK_MILLIS);
            if (answer.status() != 200) {
                assertThat(answer.body()).matches("\\{\"error\":\"pricing service (unavailable|timed out)\"}");
            }
        }
    }

    /**
     * Milliseconds from {@code backAtNanos} (NATS listening again) to the first 200 of a request that started
     * after it; fails when none comes within {@code patienceMillis}.
     */
    public static long recoveryMillis(Load load, long backAtNanos, long patienceMillis) throws InterruptedException {
        long deadline = backAtNanos + TimeUnit.MILLISECONDS.toNanos(patienceMillis);
        while (System.nanoTime() < deadline) {
            long firstOk = load.startedAfter(backAtNanos).stream().filter(answer -> answer.status() == 200)
                    .mapToLong(Load.Answer::endNanos).min().orElse(Long.MAX_VALUE);
            if (firstOk != Long.MAX_VALUE) {
                return TimeUnit.NANOSECONDS.toMillis(firstOk - backAtNanos);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no 200 within " + patienceMillis + " ms of NATS returning");
    }
}
