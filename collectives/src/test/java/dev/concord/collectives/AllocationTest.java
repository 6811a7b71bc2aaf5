package dev.concord.collectives;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.ElementType;
import dev.concord.runtime.testkit.LocalCluster;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** After warm-up an AllReduce allocates (next to) nothing on the calling thread. */
class AllocationTest {
    /**
     * Bytes per call tolerated: JIT and timer noise (measured 0-13 B since the bean is looked up
     * once), below one small object per call.
     */
    static final long BOUND = 64;

    /** Looked up once: each {@code getThreadMXBean()} call allocates (776 B on JDK 17). */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest
    @EnumSource(AllreduceKind.class)
    void shouldNotAllocatePerAllreduceAfterWarmUp(AllreduceKind kind) {
        for (int n : new int[] {3, 4}) {
            List<Long> perCall = LocalCluster.of(n).call(comm -> {
                Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withAllreduce(kind));
                double[] big = new double[300_000];
                int[] small = new int[17];
                for (int i = 0; i < 30; i++) {
                    c.allreduce(big, 0, big.length, ReduceOp.SUM);
                    c.allreduce(small, 0, small.length, ReduceOp.MAX);
                }
                int calls = 20;
                long before = allocatedBytes();
                for (int i = 0; i < calls; i++) {
                    c.allreduce(big, 0, big.length, ReduceOp.SUM);
                    c.allreduce(small, 0, small.length, ReduceOp.MAX);
                }
                return (allocatedBytes() - before) / (2 * calls);
            });
            for (int r = 0; r < n; r++) {
                System.out.println(kind + " np=" + n + " rank " + r + ": " + perCall.get(r) + " B/call");
                assertTrue(perCall.get(r) <= BOUND, kind + " np=" + n + " rank " + r + " allocated " + perCall.get(r)
                        + " B per allreduce after warm-up (bound " + BOUND + " B)");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"DOUBLE"})
    void shouldNotAllocatePerCallForTheOtherCollectives(ElementType type) {
        List<Long> perCall = LocalCluster.of(5).call(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            double[] buf = new double[200_000];
            double[] all = new double[5 * 1000];
            long before = 0;
            int calls = 20;
            for (int i = 0; i < 40; i++) {
                if (i == 20) {
                    before = allocatedBytes();
                }
                c.broadcast(buf, 0, buf.length, i % 5);
                c.reduce(buf, 0, 1000, ReduceOp.MAX, 2);
                c.allgather(buf, 0, 1000, all, 0);
                c.reduceScatter(buf, 0, buf.length, ReduceOp.MIN);
                c.barrier();
            }
            return (allocatedBytes() - before) / (5 * calls);
        });
        for (int r = 0; r < perCall.size(); r++) {
            System.out.println("other collectives rank " + r + ": " + perCall.get(r) + " B/call");
            assertTrue(perCall.get(r) <= BOUND, "rank " + r + " allocated " + perCall.get(r) + " B per collective");
        }
    }
}
