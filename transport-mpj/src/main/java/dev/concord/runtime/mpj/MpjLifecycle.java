package dev.concord.runtime.mpj;

import dev.concord.runtime.ConcordException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mpi.MPI;

/**
 * {@code MPI.Init} and {@code MPI.Finalize} with deadlines. Both can block forever in MPJ (a peer
 * that never arrives, or died), so each runs on a daemon thread while the caller waits, bounded.
 * Once {@code Init} has started, MPJ's non-daemon threads keep the JVM alive, so a rank that fails
 * to join is ended here with status 1 rather than left to hang.
 */
final class MpjLifecycle {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long a caller gets to report a failed join before the process is ended. */
    private static final long EXIT_DELAY_MILLIS = 2_000;

    private MpjLifecycle() {
    }

    /**
     * Runs {@code MPI.Init} with niodev's arguments {@code [rank, conf, "niodev"]}; throws (and
     * schedules the end of the process) when {@code failed} turns true or the deadline passes first.
     */
    static void init(int rank, String conf, long deadlineNanos, BooleanSupplier failed) {
        String[] args = {Integer.toString(rank), conf, "niodev"};
        RuntimeException[] error = new RuntimeException[1];
        Thread t = new Thread(() -> {
            try {
                MPI.Init(args);
            } catch (RuntimeException e) {
                error[0] = e;
            }
        }, "concord-mpj-init");
        t.setDaemon(true);
        t.start();
        String why = await(t, deadlineNanos, failed);
        if (why == null && error[0] != null) {
            why = "MPI.Init failed: " + error[0];
        }
        if (why != null) {
            exitSoon();
            throw new ConcordException("rank " + rank + " could not join the MPJ job: " + why, error[0]);
        }
    }

    /** Runs {@code MPI.Finalize}; false if it did not finish by the deadline or {@code failed} turned true. */
    static boolean finalizeWithin(long deadlineNanos, BooleanSupplier failed) {
        Thread t = new Thread(() -> {
            try {
                MPI.Finalize();
            } catch (RuntimeException e) {
                System.err.println("concord: WARNING: MPI.Finalize failed: " + e);
            }
        }, "concord-mpj-finalize");
        t.setDaemon(true);
        t.start();
        return await(t, deadlineNanos, failed) == null;
    }

    /** Null once {@code t} has ended, else why the wait stopped. */
    private static String await(Thread t, long deadlineNanos, BooleanSupplier failed) {
        while (t.isAlive()) {
            if (failed.getAsBoolean()) {
                return "another rank failed";
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return "not done within the connect timeout";
            }
            try {
                t.join(TimeUnit.NANOSECONDS.toMillis(POLL_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    /** Ends the process with status 1 shortly (MPJ's non-daemon threads would keep it alive). */
    static void exitSoon() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(EXIT_DELAY_MILLIS);
            } catch (InterruptedException e) {
                // exit now
            }
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }, "concord-mpj-exit");
        t.setDaemon(true);
        t.start();
    }
}
