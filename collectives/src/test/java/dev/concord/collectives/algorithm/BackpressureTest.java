package dev.concord.collectives.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.LocalCluster.Transport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ring algorithms must not hang when a rank may buffer only two segments of unexpected
 * messages while every chunk is far larger: lock-step sending keeps blocked senders acyclic.
 */
class BackpressureTest {
    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldFinishRingCollectivesWithTinyUnexpectedBuffers(Transport transport) {
        int segment = 32 << 10;
        RuntimeOptions tight = RuntimeOptions.defaults().withOpTimeout(TimeUnit.SECONDS.toNanos(20))
                .withLimits(segment, 2L * segment, 1L << 30);
        for (int n : new int[] {2, 3, 4}) {
            LocalCluster.of(n).transport(transport).options(tight).timeout(Duration.ofSeconds(60)).run(comm -> {
                int count = 1 << 19;
                double[] buf = new double[count];
                java.util.Arrays.fill(buf, comm.rank() + 1);
                new RingAllreduce(comm, new Scratch(), segment).allreduce(buf, 0, count, ElementType.DOUBLE, ReduceOp.SUM);
                double want = comm.size() * (comm.size() + 1) / 2.0;
                for (int i = 0; i < count; i += 997) {
                    assertEquals(want, buf[i], "rank " + comm.rank() + " index " + i);
                }
                double[] b = new double[count];
                if (comm.rank() == 1) {
                    java.util.Arrays.fill(b, 7);
                }
                new ScatterAllgatherBroadcast(comm, segment).broadcast(b, 0, count, Double.BYTES, 1);
                assertEquals(7.0, b[count - 1]);
            });
        }
    }
}
