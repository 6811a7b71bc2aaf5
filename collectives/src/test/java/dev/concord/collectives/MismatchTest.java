package dev.concord.collectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.LocalCluster.Transport;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of mismatched call throws CollectiveMismatchException on every rank, quickly. */
class MismatchTest {
    /** What a rank calls; {@code odd} is true on the rank that differs. */
    interface Call {
        void run(Collectives c, boolean odd);
    }

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of("kind", (Call) (c, odd) -> {
                    if (odd) {
                        c.broadcast(new double[10], 0, 10, 0);
                    } else {
                        c.allreduce(new double[10], 0, 10, ReduceOp.SUM);
                    }
                }, new String[] {"allreduce(10 doubles", "broadcast(10 doubles"}),
                Arguments.of("barrier vs allgather", (Call) (c, odd) -> {
                    if (odd) {
                        c.barrier();
                    } else {
                        c.allgather(new int[3], 0, 3, new int[3 * c.communicator().size()], 0);
                    }
                }, new String[] {"barrier()", "allgather(3 ints"}),
                Arguments.of("count", (Call) (c, odd) -> c.allreduce(new double[20], 0, odd ? 20 : 10, ReduceOp.SUM),
                        new String[] {"10 doubles", "20 doubles"}),
                Arguments.of("fused count vs unfused count", (Call) (c, odd) -> c.allreduce(new double[5000], 0,
                        odd ? 5000 : 1000, ReduceOp.SUM), new String[] {"1000 doubles", "5000 doubles"}),
                Arguments.of("fused allreduce vs barrier", (Call) (c, odd) -> {
                    if (odd) {
                        c.barrier();
                    } else {
                        c.allreduce(new int[4], 0, 4, ReduceOp.SUM);
                    }
                }, new String[] {"barrier()", "allreduce(4 ints"}),
                Arguments.of("type", (Call) (c, odd) -> c.allreduce(odd ? new float[10] : new double[10], 0, 10, ReduceOp.MAX),
                        new String[] {"10 floats", "10 doubles"}),
                Arguments.of("op", (Call) (c, odd) -> c.allreduce(new long[10], 0, 10, odd ? Values.ABS_MAX : ReduceOp.SUM),
                        new String[] {"op=sum", "op=absmax"}),
                Arguments.of("root", (Call) (c, odd) -> c.broadcast(new byte[10], 0, 10, odd ? 1 : 0),
                        new String[] {"root=0", "root=1"}),
                Arguments.of("reduce root", (Call) (c, odd) -> c.reduce(new int[5], 0, 5, ReduceOp.MIN, odd ? 1 : 0),
                        new String[] {"reduce(5 ints, op=min, root=0)", "root=1"}),
                Arguments.of("algorithm", (Call) (c, odd) -> Collectives.of(c.communicator(),
                        CollectiveOptions.defaults().withAllreduce(odd ? AllreduceKind.RING : AllreduceKind.TREE))
                        .allreduce(new double[10], 0, 10, ReduceOp.SUM), new String[] {"algorithm=ring", "algorithm=tree"}),
                Arguments.of("reproducible", (Call) (c, odd) -> Collectives.of(c.communicator(),
                        CollectiveOptions.defaults().withAllreduce(AllreduceKind.RING).withReproducible(odd))
                        .allreduce(new double[10], 0, 10, ReduceOp.SUM), new String[] {"ring reproducible", "algorithm=ring)"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void shouldThrowOnEveryRankNamingBothCalls(String what, Call call, String[] mentions) {
        for (int n : new int[] {2, 3, 4, 7}) {
            List<String> messages = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> mismatchOn(n, Transport.JVM, call));
            check(what, n, messages, mentions);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void shouldThrowOverTcpToo(String what, Call call, String[] mentions) {
        if (!what.equals("count") && !what.equals("kind")) {
            return;
        }
        List<String> messages = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> mismatchOn(5, Transport.TCP, call));
        check(what, 5, messages, mentions);
    }

    private static void check(String what, int n, List<String> messages, String[] mentions) {
        assertEquals(n, messages.size());
        for (int r = 0; r < n; r++) {
            String m = messages.get(r);
            assertTrue(m.startsWith("collective mismatch at call #1"), what + " np=" + n + " rank " + r + ": " + m);
            for (String s : mentions) {
                assertTrue(m.contains(s), what + " np=" + n + " rank " + r + " message lacks '" + s + "': " + m);
            }
            assertTrue(m.contains("rank " + (n - 1) + " called"), "names the odd rank: " + m);
        }
    }

    /** Rank n-1 makes the odd call; returns each rank's exception message, after checking the communicator still works. */
    private static List<String> mismatchOn(int n, Transport transport, Call call) {
        return LocalCluster.of(n).transport(transport).call(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            String message;
            try {
                call.run(c, comm.rank() == n - 1);
                throw new AssertionError("rank " + comm.rank() + " saw no mismatch");
            } catch (CollectiveMismatchException e) {
                message = e.getMessage();
            }
            stillWorks(comm);
            return message;
        });
    }

    private static void stillWorks(Communicator comm) {
        long[] one = {1};
        Collectives.of(comm, CollectiveOptions.defaults()).allreduce(one, 0, 1, ReduceOp.SUM);
        assertEquals(comm.size(), one[0]);
    }
}
