package dev.concord.launcher.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws metric series as a line chart (XChart), one line per series, x = iteration, and writes
 * it as PNG. Works headless: nothing here opens a window.
 */
public final class MetricsChart {

    private MetricsChart() {
    }

    /** The chart as an image of {@code width × height} pixels. */
    public static BufferedImage render(List<MetricsSeries> series, String title, int width, int height) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot");
        }
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("image of " + width + "x" + height + " is too small (at least 100x100)");
        }
        String metric = series.get(0).metric();
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title == null ? metric + " per iteration" : title)
                .xAxisTitle("iteration").yAxisTitle(metric).build();
        XYStyler styler = chart.getStyler();
        // below the plot: never hides a line, and file names can be long
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotGridLinesVisible(true);
        for (MetricsSeries s : series) {
            // a data point per iteration stays readable up to a few hundred iterations; beyond, plain lines
            chart.addSeries(uniqueName(chart, s.name()), s.iterations(), s.values())
                    .setMarker(s.iterations().length <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Renders and writes a PNG to {@code out} (exactly that path; parent directories are created). */
    public static void writePng(List<MetricsSeries> series, String title, int width, int height, Path out)
            throws IOException {
        BufferedImage image = render(series, title, width, height);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", out.toFile())) {
            throw new IOException("no PNG writer available for " + out);
        }
    }

    private static String uniqueName(XYChart chart, String name) {
        String n = name;
        for (int i = 2; chart.getSeries(n) != null; i++) {
            n = name + " (" + i + ")";
        }
        return n;
    }
}
