package dev.concord.runtime.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.Request;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.testkit.LocalCluster;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two ranks sending each other large messages at once over TCP: a write that finds the socket
 * full reads the connection in its own thread (not the reader thread's), and two ranks each
 * mid-way through the other's frame keep both directions moving.
 */
class BidirectionalExchangeTest {
    private static final int TAG = 5;

    /**
     * With native payload I/O a frame's whole payload is one pending write, so 16 MiB messages
     * (eager here) overfill the socket buffers mid-payload; staged, only a frame that fits the
     * 1 MiB staging buffer ends in one write (a larger one is written in parts that must not read
     * inline), so 768 KiB messages.
     */
    @Test
    void shouldReadInTheWritingThreadWhileItsWriteWaitsForSocketSpace() {
        // A long spin so that callers never park.
        RuntimeOptions spinning = RuntimeOptions.fromEnvironment(
                Map.of("CONCORD_SPIN", "20ms", "CONCORD_EAGER_LIMIT", "16M"));
        int doubles = NativeIo.available() ? 1 << 21 : 3 << 15;
        int exchanges = NativeIo.available() ? 40 : 400;
        List<long[]> cpu = LocalCluster.of(2).transport(LocalCluster.Transport.TCP).options(spinning).call(comm -> {
            int peer = 1 - comm.rank();
            double[] out = new double[doubles];
            double[] in = new double[doubles];
            for (int i = 0; i < exchanges / 4; i++) {
                comm.sendrecv(peer, TAG, out, 0, out.length, peer, TAG, in, 0, in.length);
            }
            return ReaderAsideTest.readerAndCallerCpu(comm.rank(), peer, () -> {
                for (int i = 0; i < exchanges; i++) {
                    comm.sendrecv(peer, TAG, out, 0, out.length, peer, TAG, in, 0, in.length);
                }
            });
        });
        for (int rank = 0; rank < 2; rank++) {
            long reader = cpu.get(rank)[0];
            long caller = cpu.get(rank)[1];
            // When the reader thread did the reading during blocked writes (16 MiB, native), it
            // used about half as much CPU as the caller.
            assertTrue(reader < caller / 5, "rank " + rank + ": reader thread used " + reader / 1000
                    + " us of CPU while the caller used " + caller / 1000 + " us for " + exchanges
                    + " exchanges of " + doubles * 8 / 1024 + " KiB");
        }
    }

    /**
     * Both ranks write a 16 MiB frame at once (eager here), each inside a sendrecv: neither
     * socket takes a whole frame, so both writers wait mid-frame. Staged (no native I/O), such a
     * frame is written in 1 MiB parts; a writer that read inline while only a part was pending
     * waited for the rest of the peer's frame while holding back the rest of its own (deadlock
     * until the silence timeout). That deadlock was seen once, in a full {@code mvn verify}; this
     * scenario did not reproduce it alone (4 runs of 60 rounds), so it guards, not proves.
     */
    @Test
    void shouldKeepBothDirectionsMovingWhenBothRanksWriteLargeFramesAtOnce() {
        RuntimeOptions options = RuntimeOptions.fromEnvironment(Map.of("CONCORD_SPIN", "20ms",
                "CONCORD_EAGER_LIMIT", "16M", "CONCORD_PEER_TIMEOUT", "10s"));
        LocalCluster.of(2).transport(LocalCluster.Transport.TCP).options(options).run(comm -> {
            int peer = 1 - comm.rank();
            for (int round = 0; round < 20; round++) {
                double[] out = values(round * 2L + comm.rank(), 1 << 21);
                double[] in = new double[1 << 21];
                comm.sendrecv(peer, TAG, out, 0, out.length, peer, TAG, in, 0, in.length);
                assertArrayEquals(values(round * 2L + peer, 1 << 21), in, "rank " + comm.rank() + ", round " + round);
            }
        });
    }

    /**
     * Both ranks send a seeded random sequence of messages (8 B to 12 MB: staged, native, eager
     * and, below a 16 MiB eager limit, rendezvous) while receiving the other's, in both orders of
     * send and receive, and check every byte. A deadlock shows as the peers' silence timeout.
     */
    @ParameterizedTest
    @CsvSource({"1, 1M", "2, 1M", "3, 1M", "1, 16M", "2, 16M", "3, 16M"})
    void shouldDeliverEveryByteWhenBothRanksSendLargeMessagesAtOnce(long seed, String eagerLimit) {
        int[] sizes = {1, 5_000, 40_000, 100_000, 300_000, 1 << 17, 400_000, 1_500_000};
        RuntimeOptions options = RuntimeOptions.fromEnvironment(Map.of("CONCORD_EAGER_LIMIT", eagerLimit, "CONCORD_PEER_TIMEOUT", "10s", "CONCORD_SPIN", "20ms"));
        LocalCluster.of(2).transport(LocalCluster.Transport.TCP).options(options).run(comm -> {
            int peer = 1 - comm.rank();
            Random plan = new Random(seed); // the same plan on both ranks
            for (int round = 0; round < 40; round++) {
                int mine = sizes[plan.nextInt(sizes.length)];
                int theirs = sizes[plan.nextInt(sizes.length)];
                int sendCount = comm.rank() == 0 ? mine : theirs;
                int recvCount = comm.rank() == 0 ? theirs : mine;
                boolean receiveFirst = plan.nextBoolean();
                double[] out = values(seed * 1000 + round * 2L + comm.rank(), sendCount);
                double[] in = new double[recvCount];
                if (receiveFirst) {
                    Request r = comm.irecv(peer, TAG, in);
                    comm.send(peer, TAG, out);
                    r.await();
                    r.release();
                } else {
                    Request s = comm.isend(peer, TAG, out);
                    comm.recv(peer, TAG, in);
                    s.await();
                    s.release();
                }
                assertArrayEquals(values(seed * 1000 + round * 2L + peer, recvCount), in,
                        "rank " + comm.rank() + ", round " + round + ": " + recvCount + " doubles");
            }
        });
    }

    private static double[] values(long seed, int n) {
        double[] a = new double[n];
        ReaderAsideTest.fill(a, seed);
        return a;
    }
}
