package routes.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import routes.football.FootballPrices;
import routes.football.FootballRequest;
import routes.football.PoissonPricer;

/** One pricing call (probabilities and prices) for means across the valid range, the worst case 15 v 15 included. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PricerBenchmark {

    @Param({"0:0", "1.5:1.1", "0:15", "3.7:0.2", "7.5:7.5", "15:15"})
    public String means;

    private PoissonPricer pricer;
    private FootballRequest request;

    @Setup
    public void setUp() {
        String[] parts = means.split(":");
        pricer = new PoissonPricer(0.05);
        request = new FootballRequest("bench", Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
    }

    @Benchmark
    public FootballPrices price() {
        return pricer.price(request);
    }
}
