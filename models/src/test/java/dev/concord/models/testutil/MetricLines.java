package dev.concord.models.testutil;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pulls one metric out of JSON metric lines. */
public final class MetricLines {
    private MetricLines() {
    }

    /** The value of {@code key} in every line that is not the final one, in order. */
    public static double[] values(List<String> lines, String key) {
        Pattern p = Pattern.compile("\"" + Pattern.quote(key) + "\":([^,}]+)");
        return lines.stream().filter(l -> !l.contains("\"final\":true")).mapToDouble(l -> {
            Matcher m = p.matcher(l);
            if (!m.find()) {
                throw new AssertionError("no " + key + " in " + l);
            }
            return Double.parseDouble(m.group(1));
        }).toArray();
    }

    /** The value of {@code key} in the final line. */
    public static double finalValue(List<String> lines, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":([^,}]+)").matcher(lines.stream()
                .filter(l -> l.contains("\"final\":true")).findFirst().orElseThrow(() -> new AssertionError(
                        "no final line in " + lines)));
        if (!m.find()) {
            throw new AssertionError("no " + key + " in the final line of " + lines);
        }
        return Double.parseDouble(m.group(1));
    }
}
