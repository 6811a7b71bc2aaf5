package dev.concord.runtime;

/**
 * Marks an exception that every rank throws alike (a collective check: bad input found by one
 * rank and broadcast, a decision all ranks make from the same combined data). One rank, the
 * reporter, prints it; the others' copies are echoes, which the program's top level does not
 * print, so the line appears once instead of once per rank. Every rank still fails with the same
 * exit status. Since every rank reaches such a failure by itself, none needs to be aborted: the
 * top level closes the communicator instead ({@link #isShared}), so that no rank's abort overtakes
 * a message a slower rank still needs to reach the failure (it would fail with "rank N aborted"
 * instead of the failure itself).
 */
public final class EchoedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean echo;

    private EchoedFailure(int reporter, boolean echo) {
        super(echo ? "also reported by rank " + reporter : "every rank fails alike; reported here", null, false, false);
        this.echo = echo;
    }

    /**
     * Marks {@code e} as an echo of rank {@code reporter}'s failure and returns it. An exception
     * marked already keeps its mark: the check that marked it first knows who reports it.
     */
    public static <E extends Throwable> E mark(E e, int reporter) {
        return marked(e, reporter, true);
    }

    /**
     * {@code e} as this rank ({@code rank}) throws a failure every rank reaches alike and rank
     * {@code reporter} reports: marked {@link #isShared shared} on the reporter, an echo elsewhere.
     */
    public static <E extends Throwable> E unlessReporter(E e, int reporter, int rank) {
        return marked(e, reporter, rank != reporter);
    }

    private static <E extends Throwable> E marked(E e, int reporter, boolean echo) {
        if (marker(e) == null) {
            e.addSuppressed(new EchoedFailure(reporter, echo));
        }
        return e;
    }

    /**
     * {@code computation}'s result; it runs on data that is the same on every rank (combined
     * statistics, a broadcast decision), so a failure in it is every rank's, reported by rank 0.
     */
    public static <T> T alikeOnEveryRank(int rank, java.util.function.Supplier<T> computation) {
        try {
            return computation.get();
        } catch (RuntimeException e) {
            throw unlessReporter(e, 0, rank);
        }
    }

    /** True if {@code e} was {@link #mark marked} an echo: another rank reports it. */
    public static boolean isEcho(Throwable e) {
        EchoedFailure m = marker(e);
        return m != null && m.echo;
    }

    /** True if every rank reaches {@code e} by itself (reporter or echo): no rank needs an abort. */
    public static boolean isShared(Throwable e) {
        return marker(e) != null;
    }

    private static EchoedFailure marker(Throwable e) {
        for (Throwable s : e.getSuppressed()) {
            if (s instanceof EchoedFailure) {
                return (EchoedFailure) s;
            }
        }
        return null;
    }
}
