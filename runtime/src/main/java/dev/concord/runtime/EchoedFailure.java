package dev.concord.runtime;

/**
 * Marks an exception that a rank throws only because another rank found the problem and reports
 * it itself (a collective check: bad input found by one rank, a decision rank 0 broadcast). The
 * program's top level prints the failure once, from the reporting rank, instead of the same line
 * from every rank; the echoing ranks still fail with the same exit status.
 */
public final class EchoedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private EchoedFailure(int reporter) {
        super("also reported by rank " + reporter, null, false, false);
    }

    /** Marks {@code e} as an echo of rank {@code reporter}'s failure and returns it. */
    public static <E extends Throwable> E mark(E e, int reporter) {
        e.addSuppressed(new EchoedFailure(reporter));
        return e;
    }

    /**
     * {@code e} as this rank ({@code rank}) throws a failure every rank reaches alike and rank
     * {@code reporter} reports: unchanged on the reporter, {@link #mark marked} elsewhere.
     */
    public static <E extends Throwable> E unlessReporter(E e, int reporter, int rank) {
        return rank == reporter ? e : mark(e, reporter);
    }

    /** True if {@code e} was {@link #mark marked}: another rank reports it. */
    public static boolean isEcho(Throwable e) {
        for (Throwable s : e.getSuppressed()) {
            if (s instanceof EchoedFailure) {
                return true;
            }
        }
        return false;
    }
}
