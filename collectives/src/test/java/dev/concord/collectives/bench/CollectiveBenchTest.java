package dev.concord.collectives.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.AllreduceKind;
import dev.concord.runtime.testkit.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectiveBenchTest {
    @Test
    void shouldParseSizesAlgorithmsAndDefaults() {
        BenchConfig c = BenchConfig.parse("--sizes", "8,64K,1M", "--algorithm", "ring,auto", "--format", "csv");
        assertEquals(List.of(8L, 65536L, 1L << 20), c.sizes());
        assertEquals(AllreduceKind.RING, c.algorithms().get(0));
        assertNull(c.algorithms().get(1));
        assertEquals("allreduce", c.collective());
        assertEquals(20, c.iterations());
    }

    @Test
    void shouldRejectBadValuesNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchConfig.parse("--algorithm", "fast"))
                .getMessage().contains("'fast'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchConfig.parse("--collective", "alltoall"))
                .getMessage().contains("alltoall"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchConfig.parse("--collective", "bcast", "--algorithm", "ring"))
                .getMessage().contains("allreduce only"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchConfig.parse("--bogus", "1"))
                .getMessage().contains("--bogus"));
    }

    @Test
    void shouldMeasureEveryAlgorithmAndSizeIdenticallyOnEveryRank() {
        BenchConfig config = BenchConfig.parse("--warmup-time", "0.02", "--sizes", "8,64K", "--algorithm", "ring,tree,rd,rabenseifner,auto",
                "--iterations", "3", "--warmup", "1");
        List<List<BenchResult>> all = LocalCluster.of(3).call(comm -> CollectiveBench.run(comm, config));
        List<BenchResult> results = all.get(0);
        assertEquals(10, results.size());
        for (List<BenchResult> other : all) {
            assertEquals(results, other, "every rank records the same numbers");
        }
        BenchResult r = results.get(1);
        assertEquals("ring", r.algorithm());
        assertEquals(65536, r.bytes());
        assertEquals(3, r.np());
        assertEquals("jvm", r.transport());
        assertTrue(r.minMicros() <= r.medianMicros() && r.minMicros() > 0, r.toString());
        assertEquals(r.algbwGBps() * 4 / 3, r.busbwGBps(), 1e-9);
    }

    @Test
    void shouldRunTheOtherCollectivesAndPrintCsvWithTheFixedColumns() {
        for (String collective : new String[] {"bcast", "allgather", "reducescatter", "barrier"}) {
            BenchConfig config = BenchConfig.parse("--warmup-time", "0.02", "--collective", collective, "--sizes", "1K,96K", "--iterations", "2",
                    "--warmup", "0", "--format", "csv");
            List<BenchResult> results = LocalCluster.of(4).call(comm -> CollectiveBench.run(comm, config)).get(0);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BenchReport.print(results, "csv", new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
            assertEquals("collective,algorithm,transport,np,bytes,median_us,min_us,algbw_GBps,busbw_GBps", lines[0]);
            assertEquals(3, lines.length);
            assertTrue(lines[1].startsWith(collective + ",auto,jvm,4,"), lines[1]);
        }
    }

    @Test
    void shouldReportAllocationInTableAndJson() {
        BenchResult r = new BenchResult("allreduce", "ring", "tcp", 2, 1024, 10, 9, 0.1, 0.1, 0);
        for (String format : new String[] {"table", "json"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BenchReport.print(List.of(r), format, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("alloc_bytes_per_call"), format);
        }
    }
}
