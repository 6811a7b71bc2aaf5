package dev.concord.launcher.plot;

/**
 * One line of a plot: a metric's value per iteration, read from one metrics file (or one
 * {@code init} of it).
 *
 * @param name legend label (the file name, plus {@code init i} when the file holds several starts)
 * @param metric the metric's key in the file
 * @param iterations x values, in file order
 * @param values y values, same length as {@code iterations}
 */
public record MetricsSeries(String name, String metric, double[] iterations, double[] values) {

    public MetricsSeries {
        if (iterations.length != values.length) {
            throw new IllegalArgumentException(name + ": " + iterations.length + " iterations but " + values.length
                    + " values");
        }
    }
}
