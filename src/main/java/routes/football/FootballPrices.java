package routes.football;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The 200 body: decimal prices (null where an outcome is impossible) and the outcome probabilities. */
public record FootballPrices(
        @JsonProperty("game_id") String gameId,
        @JsonProperty("home_towin") Double homeToWin,
        @JsonProperty("draw") Double draw,
        @JsonProperty("away_towin") Double awayToWin,
        @JsonProperty("probabilities") OutcomeProbabilities probabilities) {
}
