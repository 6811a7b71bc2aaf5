package dev.concord.models.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One progress report of rank 0 for the {@code concord} launcher, as a line of rank 0's stdout:
 * <pre>
 *   \u0001concord-progress ITERATION MAX ELAPSED_NS DONE METRICS
 * </pre>
 * ({@code DONE} is 1 on the last record of a run; {@code METRICS} is {@code name=value} pairs
 * separated by spaces, for display only). The launcher draws its bar from these lines and does
 * not print them; the leading control character keeps them apart from anything a program prints.
 */
public record ProgressRecord(long iteration, long maxIterations, long elapsedNanos, boolean done, String metrics) {
    /** Start of every record line. */
    public static final String PREFIX = "\u0001concord-progress ";
    /** At most this many metrics are shown. */
    static final int SHOWN_METRICS = 3;

    /** The record as a line (without newline). */
    public String toLine() {
        return PREFIX + iteration + " " + maxIterations + " " + elapsedNanos + " " + (done ? 1 : 0) + " " + metrics;
    }

    /** The record in {@code line}, or null when {@code line} is not a record. */
    public static ProgressRecord parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        String[] f = line.substring(PREFIX.length()).split(" ", 5);
        if (f.length < 4) {
            return null;
        }
        try {
            return new ProgressRecord(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    f[3].equals("1"), f.length > 4 ? f[4] : "");
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code name=value} of the first {@value #SHOWN_METRICS} metrics, six significant digits. */
    static String metrics(String[] names, double[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(SHOWN_METRICS, names.length); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(names[i]).append('=').append(String.format(Locale.ROOT, "%.6g", values[i]));
        }
        return b.toString();
    }

    /**
     * Writes records: at the start, then at most one every {@value #INTERVAL_NANOS} ns of
     * training time (a fast loop does not flood the launcher), and a last one when the loop ends.
     */
    static final class Writer implements ProgressReport {
        static final long INTERVAL_NANOS = 100_000_000L;
        private final PrintStream out;
        private long max;
        private long iteration;
        private long elapsedNanos;
        private String[] names = new String[0];
        private double[] values = new double[0];
        private long writtenAt;

        Writer(PrintStream out) {
            this.out = out;
        }

        @Override
        public void started(long iteration, long maxIterations, long elapsedNanos) {
            this.max = maxIterations;
            this.iteration = iteration;
            this.elapsedNanos = elapsedNanos;
            write(false);
        }

        /** Keeps {@code names} and {@code values} (the loop's arrays, which hold the latest metrics) for later records. */
        @Override
        public void iteration(long iteration, String[] names, double[] values, long elapsedNanos) {
            this.iteration = iteration;
            this.elapsedNanos = elapsedNanos;
            this.names = names;
            this.values = values;
            if (elapsedNanos - writtenAt >= INTERVAL_NANOS) {
                write(false);
            }
        }

        @Override
        public void finished() {
            write(true);
        }

        private void write(boolean done) {
            writtenAt = elapsedNanos;
            out.println(new ProgressRecord(iteration, max, elapsedNanos, done, metrics(names, values)).toLine());
            out.flush();
        }
    }
}
