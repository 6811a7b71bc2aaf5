package dev.concord.runtime.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.tcp.CoordinatorService;
import dev.concord.runtime.tcp.TcpTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared memory is chosen per pair: in a job where only some ranks want it, exactly the pairs
 * that both want it use it, the others stay on TCP, and every pair still exchanges correctly.
 */
class HybridSelectionTest {
    @TempDir
    Path dir;

    @Test
    void shouldUseSharedMemoryOnlyBetweenRanksThatBothWantIt() throws Exception {
        int n = 4;
        byte[] token = "hybrid-test-token".getBytes(StandardCharsets.UTF_8);
        RuntimeOptions options = RuntimeOptions.fromEnvironment(Map.of("CONCORD_OP_TIMEOUT", "60s"));
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try (CoordinatorService coord = CoordinatorService.start(new InetSocketAddress("127.0.0.1", 0), n, token, null)) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", coord.port());
            Future<?>[] ranks = new Future<?>[n];
            String[] names = new String[n];
            for (int r = 0; r < n; r++) {
                int rank = r;
                ranks[r] = pool.submit(() -> {
                    Path shm = rank < 2 ? dir : null; // ranks 0 and 1 want shared memory, 2 and 3 do not
                    try (Communicator comm = TcpTransport.connect(rank, n, at, true, token, options, shm)) {
                        names[rank] = comm.transportName();
                        for (int p = 0; p < n; p++) {
                            if (p != rank) {
                                double[] out = new double[300_000]; // rendezvous-sized
                                out[out.length - 1] = rank * 10 + p;
                                double[] in = new double[out.length];
                                comm.sendrecv(p, 1, out, 0, out.length, p, 1, in, 0, in.length);
                                assertEquals(p * 10 + rank, in[in.length - 1], "rank " + rank + " from " + p);
                            }
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : ranks) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertEquals("shm+tcp", names[0]);
            assertEquals("shm+tcp", names[1]);
            assertEquals("tcp", names[2]);
            assertEquals("tcp", names[3]);
        } finally {
            pool.shutdownNow();
        }
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "segment files left behind");
        }
    }
}
