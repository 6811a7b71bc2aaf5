package dev.concord.launcher.plot;

import dev.concord.checkpoints.Json;
import dev.concord.runtime.FileErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code --metrics} file (one JSON object per line, see docs/models.md) into plot series.
 * The closing {@code "final": true} line is a summary, not an iteration, and is skipped. Lines
 * that carry {@code "init": i} (training with {@code --n-init} above 1) give one series per init.
 * Every error names the file and line.
 */
public final class MetricsReader {

    private MetricsReader() {
    }

    /** Keys that are bookkeeping, never the default metric. */
    static boolean isBookkeeping(String key) {
        return key.equals("iteration") || key.equals("iterations") || key.equals("init") || key.equals("final")
                || key.endsWith("time_s") || key.endsWith("_time");
    }

    /**
     * The series of {@code metric} in {@code file}; {@code metric} null = the first numeric key of
     * the first iteration line that is not bookkeeping (iteration, init, times).
     */
    public static List<MetricsSeries> read(Path file, String metric) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + FileErrors.reason(e));
        }
        String name = file.getFileName().toString();
        Map<Long, List<double[]>> byInit = new LinkedHashMap<>();
        String chosen = metric;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            Map<?, ?> obj = object(line, where);
            if (Boolean.TRUE.equals(obj.get("final"))) {
                continue;
            }
            if (chosen == null) {
                chosen = defaultMetric(obj, where);
            }
            double iteration = number(obj, "iteration", where);
            double value = number(obj, chosen, where);
            long init = obj.containsKey("init") ? (long) number(obj, "init", where) : -1;
            byInit.computeIfAbsent(init, k -> new ArrayList<>()).add(new double[] {iteration, value});
        }
        if (byInit.isEmpty()) {
            throw new IllegalArgumentException(file + ": no iteration lines to plot");
        }
        List<MetricsSeries> out = new ArrayList<>();
        for (Map.Entry<Long, List<double[]>> e : byInit.entrySet()) {
            List<double[]> points = e.getValue();
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = points.get(j)[0];
                y[j] = points.get(j)[1];
            }
            String label = byInit.size() > 1 ? name + " init " + e.getKey() : name;
            out.add(new MetricsSeries(label, chosen, x, y));
        }
        return out;
    }

    private static Map<?, ?> object(String line, String where) {
        Object v;
        try {
            v = Json.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": bad JSON: " + e.getMessage());
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException(where + ": expected a JSON object, got " + line);
        }
        return (Map<?, ?>) v;
    }

    private static String defaultMetric(Map<?, ?> obj, String where) {
        for (Map.Entry<?, ?> e : obj.entrySet()) {
            String key = e.getKey().toString();
            if (e.getValue() instanceof Number && !isBookkeeping(key)) {
                return key;
            }
        }
        throw new IllegalArgumentException(where + ": no metric to plot (only " + obj.keySet() + "); give --metric");
    }

    private static double number(Map<?, ?> obj, String key, String where) {
        Object v = obj.get(key);
        if (v == null) {
            throw new IllegalArgumentException(where + ": no \"" + key + "\" (keys: " + obj.keySet() + ")");
        }
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" is " + v + ", not a number");
        }
        return ((Number) v).doubleValue();
    }
}
