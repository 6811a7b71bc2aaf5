package dev.concord.models.train;

import java.io.PrintStream;
import java.util.Map;

/**
 * What the {@link TrainingLoop} tells about its progress. Rank 0 shows it, the other ranks are
 * silent ({@link #NONE}): as {@link ProgressRecord} lines that the {@code concord} launcher turns
 * into a progress bar when its own output is a terminal ({@code CONCORD_PROGRESS_RECORDS=1}), or
 * as one plain log line every N iterations otherwise ({@link PlainProgress}).
 */
public interface ProgressReport {
    /** Shows nothing. */
    ProgressReport NONE = new ProgressReport() {
        @Override
        public void started(long iteration, long maxIterations, long elapsedNanos) {
        }

        @Override
        public void iteration(long iteration, String[] names, double[] values, long elapsedNanos) {
        }

        @Override
        public void finished() {
        }
    };

    /** Default N of the plain lines: one line every {@value} iterations. */
    int DEFAULT_EVERY = 10;

    /** Environment: {@code off} silences progress ({@code auto}, {@code bar}, {@code plain} are the launcher's). */
    String MODE_VARIABLE = "CONCORD_PROGRESS";
    /** Environment: N of the plain lines when {@code --progress-every} is not given. */
    String EVERY_VARIABLE = "CONCORD_PROGRESS_EVERY";
    /** Environment, set by the launcher: rank 0 writes {@link ProgressRecord}s for the launcher's bar. */
    String RECORDS_VARIABLE = "CONCORD_PROGRESS_RECORDS";

    /** The loop starts (or resumes) at {@code iteration} of at most {@code maxIterations}. */
    void started(long iteration, long maxIterations, long elapsedNanos);

    /** Iteration {@code iteration} ended with metrics {@code values} after {@code elapsedNanos} of training. */
    void iteration(long iteration, String[] names, double[] values, long elapsedNanos);

    /** The loop ended. */
    void finished();

    /**
     * The report of {@code rank}: {@link #NONE} off rank 0 or with {@code CONCORD_PROGRESS=off};
     * records for the launcher's bar with {@code CONCORD_PROGRESS_RECORDS=1}; otherwise a plain
     * line every {@code every} iterations ({@code --progress-every}; null: {@code
     * CONCORD_PROGRESS_EVERY}, else {@value #DEFAULT_EVERY}; 0: none).
     */
    static ProgressReport of(int rank, Map<String, String> env, Integer every, PrintStream out) {
        if (rank != 0 || "off".equals(env.get(MODE_VARIABLE))) {
            return NONE;
        }
        if ("1".equals(env.get(RECORDS_VARIABLE))) {
            return new ProgressRecord.Writer(out);
        }
        int n = every != null ? every : DEFAULT_EVERY;
        String fromEnv = env.get(EVERY_VARIABLE);
        if (every == null && fromEnv != null && !fromEnv.isBlank()) {
            try {
                n = Integer.parseInt(fromEnv.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(EVERY_VARIABLE + "=" + fromEnv + ": expected a whole number >= 0");
            }
        }
        if (n < 0) {
            throw new IllegalArgumentException("progress interval must be >= 0 iterations, got " + n);
        }
        return n == 0 ? NONE : new PlainProgress(n, out);
    }
}
