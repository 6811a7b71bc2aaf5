package dev.concord.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressReportTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private static final String[] NAMES = {"loss", "accuracy"};

    private List<String> lines() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    @Test
    void shouldChooseTheReportFromRankEnvironmentAndOption() {
        assertSame(ProgressReport.NONE, ProgressReport.of(1, Map.of(), null, out));
        assertSame(ProgressReport.NONE, ProgressReport.of(0, Map.of("CONCORD_PROGRESS", "off"), null, out));
        assertInstanceOf(ProgressRecord.Writer.class, ProgressReport.of(0, Map.of("CONCORD_PROGRESS_RECORDS", "1"), null,
                out));
        assertInstanceOf(PlainProgress.class, ProgressReport.of(0, Map.of(), null, out));
        assertSame(ProgressReport.NONE, ProgressReport.of(0, Map.of("CONCORD_PROGRESS_EVERY", "0"), null, out));
        assertSame(ProgressReport.NONE, ProgressReport.of(0, Map.of("CONCORD_PROGRESS_EVERY", "7"), 0, out));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgressReport.of(0, Map.of("CONCORD_PROGRESS_EVERY", "ten"), null, out));
        assertTrue(e.getMessage().contains("CONCORD_PROGRESS_EVERY=ten"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProgressReport.of(0, Map.of(), -1, out));
    }

    @Test
    void shouldLogEveryNthAndTheLastIterationWithAnEta() {
        ProgressReport r = ProgressReport.of(0, Map.of("CONCORD_PROGRESS_EVERY", "4"), null, out);
        r.started(2, 10, 2_000_000_000L); // resumed at iteration 2 after 2 s
        for (int i = 3; i <= 10; i++) {
            r.iteration(i, NAMES, new double[] {1.0 / i, 0.5}, 2_000_000_000L + (i - 2) * 500_000_000L);
        }
        r.finished();
        // 2 iterations in 1 s since the resume: 0.5 s each, 6 to go
        assertEquals(List.of("progress: iteration 4/10 (40%), loss=0.250000 accuracy=0.500000, 3.0 s, ETA 3.0 s",
                "progress: iteration 8/10 (80%), loss=0.125000 accuracy=0.500000, 5.0 s, ETA 1.0 s",
                "progress: iteration 10/10 (100%), loss=0.100000 accuracy=0.500000, 6.0 s"), lines());
    }

    @Test
    void shouldWriteThrottledRecordsThatParseBack() {
        ProgressReport r = ProgressReport.of(0, Map.of("CONCORD_PROGRESS_RECORDS", "1"), null, out);
        r.started(0, 5, 0);
        long ms = 1_000_000L;
        double[] v = {2.5, 0.75};
        r.iteration(1, NAMES, v, 30 * ms);   // within 100 ms of the start record: not written
        r.iteration(2, NAMES, v, 120 * ms);  // written
        r.iteration(3, NAMES, v, 150 * ms);  // not written
        v[0] = 1.5;
        r.finished();                        // the last one, always
        List<ProgressRecord> records = lines().stream().map(ProgressRecord::parse).toList();
        assertEquals(List.of(new ProgressRecord(0, 5, 0, false, ""),
                new ProgressRecord(2, 5, 120 * ms, false, "loss=2.50000 accuracy=0.750000"),
                new ProgressRecord(3, 5, 150 * ms, true, "loss=1.50000 accuracy=0.750000")), records);
        assertNull(ProgressRecord.parse("iteration 3"));
        assertNull(ProgressRecord.parse(ProgressRecord.PREFIX + "x 5 0 0"));
    }
}
