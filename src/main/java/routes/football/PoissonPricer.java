package routes.football;

import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * 1X2 prices from an independent-Poisson correct-score model.
 *
 * <p>The score grid is not truncated at a fixed size: the sums run until both teams' remaining goal probabilities
 * are below {@link #NEGLIGIBLE}, so the result is exact to about 1e-15 for any mean the contract allows (a fixed
 * 13 x 13 grid would lose most of the mass at 15 v 15). Commons Math evaluates each team's pmf at its mode, where
 * it is largest; the other terms follow from the exact ratio p(k+1) / p(k) = mean / (k + 1), which keeps the
 * library call to one per team instead of one per grid cell.
 */
public final class PoissonPricer {

    /** Below this a pmf term (and the tail after it, since terms past the mean shrink geometrically) is noise. */
    static final double NEGLIGIBLE = 1e-20;
    /** A guard, not a limit: for a mean of 15 the sums stop near k = 65. */
    private static final int MAX_GOALS = 10_000;

    private double margin;

    /** Fair prices (margin 0) until {@link #setMargin} says otherwise. */
    public PoissonPricer() {
    }

    public PoissonPricer(double margin) {
        setMargin(margin);
    }

    /** The bookmaker's margin (pricing.margin); set once, when the route's bean is created. */
    public void setMargin(double margin) {
        if (!Double.isFinite(margin) || margin <= -1) {
            throw new IllegalArgumentException("pricing.margin must be a finite number above -1, got " + margin);
        }
        this.margin = margin;
    }

    public FootballPrices price(FootballRequest request) {
        OutcomeProbabilities p = probabilities(request.homeExpected(), request.awayExpected());
        return new FootballPrices(request.gameId(), price(p.home()), price(p.draw()), price(p.away()), p);
    }

    /** Decimal price 1 / (p (1 + margin)); an impossible outcome has no price. */
    Double price(double probability) {
        return probability > 0 ? 1 / (probability * (1 + margin)) : null;
    }

    public static OutcomeProbabilities probabilities(double homeMean, double awayMean) {
        requireMean(homeMean);
        requireMean(awayMean);
        double pHome = pmfAtZero(homeMean);
        double pAway = pmfAtZero(awayMean);
        double cdfHome = 0;
        double cdfAway = 0;
        double homeWins = 0;
        double draw = 0;
        double awayWins = 0;
        for (int goals = 0; goals < MAX_GOALS; goals++) {
            // home scores exactly `goals` while away scored fewer, and the mirror case, and the draw on `goals`
            homeWins += pHome * cdfAway;
            awayWins += pAway * cdfHome;
            draw += pHome * pAway;
            cdfHome += pHome;
            cdfAway += pAway;
            if (goals >= homeMean && goals >= awayMean && pHome < NEGLIGIBLE && pAway < NEGLIGIBLE) {
                break;
            }
            pHome *= homeMean / (goals + 1);
            pAway *= awayMean / (goals + 1);
        }
        // the three sums cover the same grid, so their total is 1 up to rounding; dividing removes that rounding
        double total = homeWins + draw + awayWins;
        return new OutcomeProbabilities(homeWins / total, draw / total, awayWins / total);
    }

    /**
     * p(0), obtained from Commons Math's pmf at the mode and walked down by p(k - 1) = p(k) k / mean. A mean of 0
     * is a team that cannot score, which PoissonDistribution refuses, so it is handled here.
     */
    static double pmfAtZero(double mean) {
        if (mean == 0) {
            return 1;
        }
        int mode = (int) Math.floor(mean);
        // no random generator: pricing never samples, and the default one costs an allocation and seeding
        PoissonDistribution distribution = new PoissonDistribution(null, mean,
                PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS);
        double p = distribution.probability(mode);
        for (int k = mode; k > 0; k--) {
            p *= k / mean;
        }
        return p;
    }

    private static void requireMean(double mean) {
        if (!(mean >= 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("an expected goal count must be finite and >= 0, got " + mean);
        }
    }
}
