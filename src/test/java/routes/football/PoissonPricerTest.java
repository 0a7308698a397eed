package routes.football;

import java.util.stream.DoubleStream;
import java.util.stream.Stream;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PoissonPricerTest {

    private static final double EXACT = 1e-12;
    private static final double[] MEANS = {0, 1e-9, 0.001, 0.05, 0.1, 0.5, 0.999, 1, 1.1, 1.5, 2, 2.7, 3.3, 4,
            5.5, 7, 8.25, 10, 11.11, 12.5, 13, 14, 14.5, 14.999, 15};

    /**
     * Independent reference: the pmf from logs and the log-gamma function (not the recurrence or PoissonDistribution
     * the pricer uses), summed over a 0..200 square grid, cell by cell. At a mean of 15 the mass beyond 200 goals is
     * below 1e-150.
     */
    static double[] reference(double home, double away) {
        int n = 200;
        double[] ph = pmf(home, n);
        double[] pa = pmf(away, n);
        double homeWins = 0;
        double draw = 0;
        double awayWins = 0;
        for (int h = 0; h <= n; h++) {
            for (int a = 0; a <= n; a++) {
                double cell = ph[h] * pa[a];
                if (h > a) {
                    homeWins += cell;
                } else if (h == a) {
                    draw += cell;
                } else {
                    awayWins += cell;
                }
            }
        }
        return new double[] {homeWins, draw, awayWins};
    }

    private static double[] pmf(double mean, int n) {
        double[] p = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            if (mean == 0) {
                p[k] = k == 0 ? 1 : 0;
            } else {
                p[k] = Math.exp(k * Math.log(mean) - mean - Gamma.logGamma(k + 1));
            }
        }
        return p;
    }

    static Stream<Arguments> grid() {
        return DoubleStream.of(MEANS).boxed()
                .flatMap(home -> DoubleStream.of(MEANS).mapToObj(away -> Arguments.of(home, away)));
    }

    @ParameterizedTest(name = "{0} v {1}")
    @MethodSource("grid")
    void matchesDirectSummationToOneInATrillion(double home, double away) {
        OutcomeProbabilities p = PoissonPricer.probabilities(home, away);
        double[] expected = reference(home, away);

        assertThat(p.home()).isCloseTo(expected[0], within(EXACT));
        assertThat(p.draw()).isCloseTo(expected[1], within(EXACT));
        assertThat(p.away()).isCloseTo(expected[2], within(EXACT));
        assertThat(p.home() + p.draw() + p.away()).isCloseTo(1.0, within(EXACT));
    }

    @ParameterizedTest(name = "{0} v {1}")
    @MethodSource("grid")
    void isSymmetricInTheTwoTeams(double home, double away) {
        OutcomeProbabilities forward = PoissonPricer.probabilities(home, away);
        OutcomeProbabilities mirrored = PoissonPricer.probabilities(away, home);

        assertThat(forward.home()).isCloseTo(mirrored.away(), within(EXACT));
        assertThat(forward.draw()).isCloseTo(mirrored.draw(), within(EXACT));
        assertThat(forward.away()).isCloseTo(mirrored.home(), within(EXACT));
    }

    @Test
    void contractWorkedValues() {
        assertOutcome(PoissonPricer.probabilities(1.5, 1.1), 0.464244185786790, 0.257667214776051, 0.278088599437159);
        assertOutcome(PoissonPricer.probabilities(1, 1), 0.345745838723165, 0.308508322553671, 0.345745838723165);
        assertOutcome(PoissonPricer.probabilities(0, 0), 0, 1, 0);
    }

    @Test
    void aTeamThatCannotScoreNeverWins() {
        OutcomeProbabilities p = PoissonPricer.probabilities(0, 2);
        assertThat(p.home()).isZero();
        assertThat(p.draw()).isCloseTo(Math.exp(-2), within(EXACT));
        assertThat(p.away()).isCloseTo(1 - Math.exp(-2), within(EXACT));
    }

    @Test
    void fifteenVersusFifteenKeepsTheWholeScoreGrid() {
        OutcomeProbabilities p = PoissonPricer.probabilities(15, 15);
        double[] expected = reference(15, 15);
        assertThat(p.draw()).isCloseTo(expected[1], within(EXACT));
        assertThat(p.home()).isCloseTo(p.away(), within(EXACT));
        assertThat(p.home() + p.draw() + p.away()).isCloseTo(1.0, within(EXACT));
    }

    @Test
    void homeWinGrowsWithHomeMeanAndShrinksWithAwayMean() {
        for (double fixed : new double[] {0, 0.5, 1.5, 7, 15}) {
            double previousHomeWin = -1;
            double previousAwayWin = 2;
            for (double mean : MEANS) {
                double homeWin = PoissonPricer.probabilities(mean, fixed).home();
                double awayWin = PoissonPricer.probabilities(fixed, mean).home();
                assertThat(homeWin).as("home win at %s v %s", mean, fixed).isGreaterThanOrEqualTo(previousHomeWin);
                assertThat(awayWin).as("home win at %s v %s", fixed, mean).isLessThanOrEqualTo(previousAwayWin);
                previousHomeWin = homeWin;
                previousAwayWin = awayWin;
            }
        }
        assertThat(PoissonPricer.probabilities(2, 1).home()).isGreaterThan(PoissonPricer.probabilities(1, 1).home());
        assertThat(PoissonPricer.probabilities(1, 2).home()).isLessThan(PoissonPricer.probabilities(1, 1).home());
    }

    @Test
    void fairPricesAreOneOverTheProbability() {
        FootballPrices prices = new PoissonPricer().price(new FootballRequest("g", 1.5, 1.1));

        assertThat(prices.gameId()).isEqualTo("g");
        assertThat(prices.homeToWin()).isCloseTo(1 / 0.464244185786790, within(1e-9));
        assertThat(prices.draw()).isCloseTo(1 / 0.257667214776051, within(1e-9));
        assertThat(prices.awayToWin()).isCloseTo(1 / 0.278088599437159, within(1e-9));
    }

    @Test
    void marginShortensEveryPrice() {
        FootballPrices fair = new PoissonPricer(0).price(new FootballRequest("g", 1.5, 1.1));
        FootballPrices withMargin = new PoissonPricer(0.05).price(new FootballRequest("g", 1.5, 1.1));

        assertThat(withMargin.homeToWin()).isCloseTo(fair.homeToWin() / 1.05, within(1e-12));
        assertThat(withMargin.draw()).isCloseTo(fair.draw() / 1.05, within(1e-12));
        assertThat(withMargin.awayToWin()).isCloseTo(fair.awayToWin() / 1.05, within(1e-12));
        assertThat(withMargin.probabilities()).isEqualTo(fair.probabilities());
    }

    @Test
    void anImpossibleOutcomeHasNoPrice() {
        FootballPrices prices = new PoissonPricer(0.1).price(new FootballRequest("g", 0.0, 0.0));

        assertThat(prices.homeToWin()).isNull();
        assertThat(prices.awayToWin()).isNull();
        assertThat(prices.draw()).isCloseTo(1 / 1.1, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, -2, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesAMarginThatMakesNoPrice(double margin) {
        assertThatThrownBy(() -> new PoissonPricer(margin))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pricing.margin");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesMeansOutsideTheModel(double mean) {
        assertThatThrownBy(() -> PoissonPricer.probabilities(mean, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertOutcome(OutcomeProbabilities p, double home, double draw, double away) {
        assertThat(p.home()).isCloseTo(home, within(EXACT));
        assertThat(p.draw()).isCloseTo(draw, within(EXACT));
        assertThat(p.away()).isCloseTo(away, within(EXACT));
    }
}
