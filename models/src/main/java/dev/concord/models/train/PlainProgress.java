package dev.concord.models.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress as one log line every {@code every} iterations and at the last one, for output that is
 * not a terminal: {@code progress: iteration 20/100 (20%), log_likelihood=-4.21559, 1.2 s, ETA 4.8 s}.
 * The ETA extrapolates the rate since this process started (or resumed) training.
 */
final class PlainProgress implements ProgressReport {
    private final int every;
    private final PrintStream out;
    private long max;
    private long firstIteration;
    private long firstNanos;

    PlainProgress(int every, PrintStream out) {
        this.every = every;
        this.out = out;
    }

    @Override
    public void started(long iteration, long maxIterations, long elapsedNanos) {
        max = maxIterations;
        firstIteration = iteration;
        firstNanos = elapsedNanos;
    }

    @Override
    public void iteration(long iteration, String[] names, double[] values, long elapsedNanos) {
        if (iteration % every != 0 && iteration != max) {
            return;
        }
        out.println(line(iteration, names, values, elapsedNanos));
        out.flush();
    }

    String line(long iteration, String[] names, double[] values, long elapsedNanos) {
        StringBuilder b = new StringBuilder("progress: iteration ").append(iteration).append('/').append(max)
                .append(String.format(Locale.ROOT, " (%d%%)", max == 0 ? 100 : 100 * iteration / max));
        b.append(", ").append(ProgressRecord.metrics(names, values));
        b.append(String.format(Locale.ROOT, ", %.1f s", elapsedNanos / 1e9));
        long done = iteration - firstIteration;
        if (done > 0 && iteration < max) {
            double eta = (elapsedNanos - firstNanos) / 1e9 / done * (max - iteration);
            b.append(String.format(Locale.ROOT, ", ETA %.1f s", eta));
        }
        return b.toString();
    }

    @Override
    public void finished() {
    }
}
