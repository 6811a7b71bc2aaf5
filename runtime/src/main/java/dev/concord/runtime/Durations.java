package dev.concord.runtime;

/** Parses and prints durations as people write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
public final class Durations {
    private Durations() {
    }

    /**
     * Parses {@code <number><unit>} with unit {@code ns, us, ms, s, m, h}; a bare number means
     * seconds. Throws IllegalArgumentException naming the text and what is wrong.
     */
    public static long parseNanos(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int split = 0;
        while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("duration '" + text + "' does not start with a number");
        }
        double value;
        try {
            value = Double.parseDouble(t.substring(0, split));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' has a bad number");
        }
        String unit = t.substring(split).trim();
        double nanosPerUnit;
        switch (unit) {
            case "ns": nanosPerUnit = 1; break;
            case "us": nanosPerUnit = 1e3; break;
            case "ms": nanosPerUnit = 1e6; break;
            case "": case "s": nanosPerUnit = 1e9; break;
            case "m": case "min": nanosPerUnit = 60e9; break;
            case "h": nanosPerUnit = 3600e9; break;
            default:
                throw new IllegalArgumentException("duration '" + text + "' has unknown unit '" + unit
                        + "' (use ns, us, ms, s, m or h)");
        }
        double nanos = value * nanosPerUnit;
        if (nanos <= 0 || nanos > Long.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException("duration '" + text + "' must be positive and finite");
        }
        return (long) nanos;
    }

    /**
     * "1.50 s", "250 ms", "40.0 us", "7200 s": short, for messages; never an exponent (a value that
     * three digits would round up to 1000 of its unit is printed in the next unit).
     */
    public static String format(long nanos) {
        if (nanos >= 999_500_000_000L) {
            return Math.round(nanos / 1e9) + " s";
        }
        if (nanos >= 999_500_000L) {
            return String.format(java.util.Locale.ROOT, "%.3g s", nanos / 1e9);
        }
        if (nanos >= 999_500L) {
            return String.format(java.util.Locale.ROOT, "%.3g ms", nanos / 1e6);
        }
        return String.format(java.util.Locale.ROOT, "%.3g us", nanos / 1e3);
    }
}
