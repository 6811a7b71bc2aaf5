package dev.concord.runtime.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.Request;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.testkit.LocalCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reader thread of a TCP connection stands aside while callers read it themselves, and is
 * back when nobody does (non-blocking requests still progress in the background).
 */
class ReaderAsideTest {
    private static final int TAG = 3;

    @Test
    void shouldNotWakeTheReaderThreadForMessagesThatSpinningCallersRead() {
        // A long spin so that callers never park: every message is read by the caller.
        RuntimeOptions spinning = RuntimeOptions.fromEnvironment(Map.of("CONCORD_SPIN", "20ms"));
        List<long[]> cpu = LocalCluster.of(2).transport(LocalCluster.Transport.TCP).options(spinning).call(comm -> {
            int peer = 1 - comm.rank();
            byte[] out = new byte[8];
            byte[] in = new byte[8];
            for (int i = 0; i < 2000; i++) {
                comm.sendrecv(peer, TAG, out, 0, 8, peer, TAG, in, 0, 8);
            }
            return readerAndCallerCpu(comm.rank(), peer, () -> {
                for (int i = 0; i < 20000; i++) {
                    comm.sendrecv(peer, TAG, out, 0, 8, peer, TAG, in, 0, 8);
                }
            });
        });
        for (int rank = 0; rank < 2; rank++) {
            long reader = cpu.get(rank)[0];
            long caller = cpu.get(rank)[1];
            // Woken per message, the reader used about a third of the caller's CPU time here.
            assertTrue(reader < caller / 10, "rank " + rank + ": reader thread used " + reader / 1000
                    + " us of CPU while the caller used " + caller / 1000 + " us for 20000 exchanges");
        }
    }

    @Test
    void shouldProgressNonBlockingReceivesNobodyWaitsFor() {
        LocalCluster.of(2).transport(LocalCluster.Transport.TCP).run(comm -> {
            int peer = 1 - comm.rank();
            byte[] out = new byte[8];
            byte[] in = new byte[8];
            for (int i = 0; i < 200; i++) { // callers polled this connection a moment ago
                comm.sendrecv(peer, TAG, out, 0, 8, peer, TAG, in, 0, 8);
            }
            double[] small = new double[4];
            double[] large = new double[1 << 20]; // 8 MiB: rendezvous
            if (comm.rank() == 0) {
                fill(small, 1);
                fill(large, 2);
                comm.send(1, TAG, small);
                comm.send(1, TAG + 1, large);
            } else {
                Request r1 = comm.irecv(0, TAG, small);
                Request r2 = comm.irecv(0, TAG + 1, large);
                // Never await: only the reader thread moves these.
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!(r1.test() && r2.test())) {
                    assertTrue(System.nanoTime() < deadline, "background receives did not complete in 10 s");
                    sleepMillis(1);
                }
                double[] want = new double[4];
                fill(want, 1);
                assertArrayEquals(want, small);
                double[] wantLarge = new double[1 << 20];
                fill(wantLarge, 2);
                assertArrayEquals(wantLarge, large);
                r1.release();
                r2.release();
            }
        });
    }

    /**
     * CPU time of rank {@code rank}'s reader thread for {@code peer} and of the calling thread
     * while {@code work} runs in the calling thread, in nanoseconds: {reader, caller}.
     */
    static long[] readerAndCallerCpu(int rank, int peer, Runnable work) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Thread reader = readerOf(rank, peer);
        long readerBefore = mx.getThreadCpuTime(reader.getId());
        long selfBefore = mx.getCurrentThreadCpuTime();
        work.run();
        return new long[] {mx.getThreadCpuTime(reader.getId()) - readerBefore, mx.getCurrentThreadCpuTime() - selfBefore};
    }

    private static Thread readerOf(int rank, int peer) {
        String name = "concord-r" + rank + "-peer" + peer + "-reader";
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no thread named " + name);
    }

    static void fill(double[] a, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextDouble();
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
