package dev.concord.collectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.testkit.LocalCluster;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arguments that are wrong on one rank only (typically the root's receive or send buffer) make
 * every rank fail at once, the others naming that rank and what was wrong, instead of leaving
 * them waiting for the op timeout; afterwards the communicator still works.
 */
class InvalidArgumentsTest {
    /** Op timeout of these clusters: a rank that waits for it has not been told. */
    private static final long OP_TIMEOUT_SECONDS = 10;
    /** What "at once" means here: far below the op timeout, with room for a loaded machine. */
    private static final long PROMPT_MILLIS = 1000;

    /** What rank {@code bad} does wrong, and the other ranks right; {@code count} elements per rank. */
    interface Call {
        void run(Collectives c, int bad, boolean wrong);
    }

    static Stream<Arguments> calls() {
        int count = 4;
        return Stream.of(
                Arguments.of("gather, root's receive buffer too small", (Call) (c, root, wrong) -> c.gather(
                        new int[count], 0, count, new int[wrong ? count : count * size(c)], 0, root),
                        "receive buffer (size * count elements): range [0, 0+"),
                Arguments.of("gather, root's receive buffer of another type", (Call) (c, root, wrong) -> c.gather(
                        new int[count], 0, count, wrong ? new double[count * size(c)] : new int[count * size(c)], 0,
                        root), "DOUBLE receive buffer (size * count elements) where INT is expected"),
                Arguments.of("scatter, root's send buffer too small", (Call) (c, root, wrong) -> c.scatter(
                        new long[wrong ? count : count * size(c)], 0, count, new long[count], 0, root),
                        "send buffer (size * count elements): range [0, 0+"),
                Arguments.of("broadcast, root's buffer too small", (Call) (c, root, wrong) -> c.broadcast(
                        new double[wrong ? count - 1 : count], 0, count, root), "buffer: range [0, 0+4) is outside a buffer of 3"),
                Arguments.of("reduce, root's offset negative", (Call) (c, root, wrong) -> c.reduce(
                        new float[count], wrong ? -1 : 0, count, ReduceOp.SUM, root), "range [-1"),
                Arguments.of("gather, a non-root rank's send buffer too small", (Call) (c, bad, wrong) -> c.gather(
                        new int[wrong ? 1 : count], 0, count, new int[count * size(c)], 0, (bad + 1) % size(c)),
                        "outside a buffer of 1"),
                Arguments.of("allreduce (fused), one rank's op null", (Call) (c, bad, wrong) -> c.allreduce(
                        new int[count], 0, count, wrong ? null : ReduceOp.SUM), "reduce op is null"));
    }

    private static int size(Collectives c) {
        return c.communicator().size();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void shouldFailEveryRankPromptlyNamingTheRankWithInvalidArguments(String what, Call call, String reason) {
        for (int n : new int[] {2, 3, 4, 7}) {
            for (int bad : new int[] {0, n - 1}) {
                List<Failure> failures = failOn(n, bad, call);
                check(what + " np=" + n + " bad rank " + bad, failures, bad, reason);
            }
        }
    }

    /** What one rank saw: the exception and how long the call took to throw it. */
    record Failure(RuntimeException error, long millis) {
    }

    /**
     * Rank {@code bad} gets wrong arguments; every rank's failure, after checking the communicator
     * still works. The bad rank, having caught its error, stays alive and out of the collectives
     * until the others have failed too (as an application that handles the error would): its
     * death or its next call must not be what tells them.
     */
    private static List<Failure> failOn(int n, int bad, Call call) {
        RuntimeOptions options = RuntimeOptions.defaults().withOpTimeout(TimeUnit.SECONDS.toNanos(OP_TIMEOUT_SECONDS));
        CountDownLatch othersFailed = new CountDownLatch(n - 1);
        return LocalCluster.of(n).options(options).call(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            long start = System.nanoTime();
            Failure failure;
            try {
                call.run(c, bad, comm.rank() == bad);
                throw new AssertionError("rank " + comm.rank() + " saw no failure");
            } catch (IllegalArgumentException | CollectiveMismatchException e) {
                failure = new Failure(e, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } finally {
                if (comm.rank() != bad) {
                    othersFailed.countDown();
                }
            }
            if (comm.rank() == bad) {
                othersFailed.await(2 * OP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            stillWorks(comm);
            return failure;
        });
    }

    static void check(String what, List<Failure> failures, int bad, String reason) {
        for (int r = 0; r < failures.size(); r++) {
            Failure f = failures.get(r);
            String m = f.error().getMessage();
            assertTrue(f.millis() < PROMPT_MILLIS, what + ": rank " + r + " failed after " + f.millis() + " ms: " + m);
            assertTrue(m.contains(reason), what + ": rank " + r + " message lacks '" + reason + "': " + m);
            if (r == bad) {
                assertInstanceOf(IllegalArgumentException.class, f.error(), what);
                assertTrue(m.contains("on rank " + bad), what + ": " + m);
            } else {
                assertInstanceOf(CollectiveMismatchException.class, f.error(), what);
                assertTrue(m.contains("rank " + bad + " passed invalid arguments"), what + ": rank " + r + ": " + m);
                assertTrue(m.contains("detected on rank " + r), what + ": " + m);
            }
        }
    }

    private static void stillWorks(Communicator comm) {
        long[] one = {1};
        Collectives.of(comm, CollectiveOptions.defaults()).allreduce(one, 0, 1, ReduceOp.SUM);
        assertEquals(comm.size(), one[0]);
    }
}
