package routes.football;

/** P(home goals > away goals), P(equal), P(home goals < away goals). */
public record OutcomeProbabilities(double home, double draw, double away) {
}
