package dev.concord.runtime;

import java.util.Locale;

/** Byte sizes as people write them: {@code 8}, {@code 64K}, {@code 1M}, {@code 2G} (powers of 1024). */
public final class Sizes {
    private Sizes() {
    }

    /** Parses a size with an optional K/M/G suffix (KiB, MiB, GiB; an optional trailing B or iB). */
    public static long parseBytes(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty size");
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K': mult = 1L << 10; break;
                case 'M': mult = 1L << 20; break;
                case 'G': mult = 1L << 30; break;
                default: mult = 1;
            }
        }
        String digits = mult == 1 ? t : t.substring(0, t.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is not a number with an optional K, M or G suffix");
        }
        if (n < 0 || n > Long.MAX_VALUE / mult) {
            throw new IllegalArgumentException("size '" + text + "' is out of range");
        }
        return n * mult;
    }

    /** "8 B", "64 KiB", "1 MiB", or the exact byte count when it is not a whole unit. */
    public static String format(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " B";
    }
}
