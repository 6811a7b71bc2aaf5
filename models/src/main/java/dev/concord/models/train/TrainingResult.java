package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
/**
 * Where a {@link TrainingLoop} run ended.
 *
 * @param iterations      completed iterations
 * @param converged       whether the model reported convergence (else the iteration limit stopped it)
 * @param metricNames     metric names
 * @param metricValues    final metric values (from the evaluation at the final parameters)
 * @param wallSeconds     wall time of the run
 * @param allreduceSeconds time spent in AllReduce
 */
public record TrainingResult(int iterations, boolean converged, String[] metricNames, double[] metricValues,
        double wallSeconds, double allreduceSeconds) {

    /** The final value of metric {@code name}. */
    public double metric(String name) {
        for (int i = 0; i < metricNames.length; i++) {
            if (metricNames[i].equals(name)) {
                return metricValues[i];
            }
        }
        throw new IllegalArgumentException("no metric '" + name + "' (have " + String.join(", ", metricNames) + ")");
    }

    /** The final line's fields: {@code "final": true}, iterations, converged, metrics, times. */
    public JsonObject finalJson(JsonObject tag) {
        JsonObject j = tag == null ? new JsonObject() : tag.copy();
        j.put("final", true).put("iterations", iterations).put("converged", converged);
        for (int i = 0; i < metricNames.length; i++) {
            j.put(metricNames[i], metricValues[i]);
        }
        return j.put("wall_time_s", wallSeconds).put("allreduce_time_s", allreduceSeconds);
    }
}
