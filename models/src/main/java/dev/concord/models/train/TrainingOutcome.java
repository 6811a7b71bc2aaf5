package dev.concord.models.train;

/**
 * What a {@code train} run produced on this rank.
 *
 * @param result    the winning run's result
 * @param state     the trained model's arrays
 * @param finalLine the final metrics line (as written to the metrics file)
 */
public record TrainingOutcome(TrainingResult result, ModelState state, String finalLine) {
}
