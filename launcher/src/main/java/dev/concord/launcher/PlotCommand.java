package dev.concord.launcher;

import dev.concord.launcher.plot.MetricsChart;
import dev.concord.launcher.plot.MetricsReader;
import dev.concord.launcher.plot.MetricsSeries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concord plot METRICS.jsonl… -o loss.png}: a PNG of a metric per iteration, one line per file. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plot a metric per iteration from --metrics files (JSON lines) as a PNG, one line per file.",
            "The metric defaults to the first numeric key that is not the iteration or a time (e.g. objective,"
                + " avg_log_likelihood, inertia); the final summary line is skipped."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(paramLabel = "METRICS.jsonl", arity = "1..*", description = "Metrics files written by --metrics.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.png", required = true, description = "PNG to write.")
    Path output;

    @Option(names = "--metric", paramLabel = "NAME", description = "Metric to plot (default: the first one in the file).")
    String metric;

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title (default: '<metric> per iteration').")
    String title;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "800", description = "Width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "500", description = "Height (default: ${DEFAULT-VALUE}).")
    int height;

    @Override
    public Integer call() throws Exception {
        // no display on a cluster node or in CI: draw off-screen
        System.setProperty("java.awt.headless", "true");
        List<MetricsSeries> series = new ArrayList<>();
        String chosen = metric;
        for (Path f : files) {
            List<MetricsSeries> s = MetricsReader.read(f, chosen);
            // every file plots the metric the first one chose, so the lines share an axis
            chosen = s.get(0).metric();
            series.addAll(s);
        }
        MetricsChart.writePng(series, title, width, height, output);
        System.out.println("wrote " + output + " (" + chosen + ", " + series.size() + " line"
                + (series.size() == 1 ? "" : "s") + ")");
        return 0;
    }
}
