package dev.concord.launcher.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws Exception {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    @Test
    void shouldPlotTheFirstMetricThatIsNotBookkeepingAndSkipTheFinalLine() throws Exception {
        Path f = file("gmm.jsonl",
                "{\"iteration\": 1, \"wall_time_s\": 0.5, \"avg_log_likelihood\": -2.5, \"allreduce_time_s\": 0.01}",
                "{\"iteration\": 2, \"wall_time_s\": 0.9, \"avg_log_likelihood\": -1.25, \"allreduce_time_s\": 0.02}",
                "",
                "{\"final\": true, \"iterations\": 2, \"avg_log_likelihood\": -1.0}");
        List<MetricsSeries> s = MetricsReader.read(f, null);
        assertEquals(1, s.size());
        assertEquals("gmm.jsonl", s.get(0).name());
        assertEquals("avg_log_likelihood", s.get(0).metric());
        assertArrayEquals(new double[] {1, 2}, s.get(0).iterations());
        assertArrayEquals(new double[] {-2.5, -1.25}, s.get(0).values());
    }

    @Test
    void shouldReadANamedMetricAndOneSeriesPerInit() throws Exception {
        Path f = file("lr.jsonl",
                "{\"init\": 0, \"iteration\": 1, \"objective\": 9, \"accuracy\": 0.5}",
                "{\"init\": 0, \"iteration\": 2, \"objective\": 7, \"accuracy\": 0.75}",
                "{\"init\": 1, \"iteration\": 1, \"objective\": 8, \"accuracy\": 0.625}");
        List<MetricsSeries> s = MetricsReader.read(f, "accuracy");
        assertEquals(2, s.size());
        assertEquals("lr.jsonl init 0", s.get(0).name());
        assertArrayEquals(new double[] {0.5, 0.75}, s.get(0).values());
        assertEquals("lr.jsonl init 1", s.get(1).name());
        assertArrayEquals(new double[] {0.625}, s.get(1).values());
    }

    @Test
    void shouldNameFileAndLineInErrors() throws Exception {
        Path bad = file("bad.jsonl", "{\"iteration\": 1, \"inertia\": 3}", "{\"iteration\": 2, \"inertia\": }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsReader.read(bad, null));
        assertEquals(bad + ":2: bad JSON: ", e.getMessage().substring(0, (bad + ":2: bad JSON: ").length()));

        Path missing = file("missing.jsonl", "{\"iteration\": 1, \"inertia\": 3}");
        e = assertThrows(IllegalArgumentException.class, () -> MetricsReader.read(missing, "objective"));
        assertEquals(missing + ":1: no \"objective\" (keys: [iteration, inertia])", e.getMessage());

        Path empty = file("empty.jsonl", "{\"final\": true, \"iterations\": 0}");
        e = assertThrows(IllegalArgumentException.class, () -> MetricsReader.read(empty, null));
        assertEquals(empty + ": no iteration lines to plot", e.getMessage());

        Path times = file("times.jsonl", "{\"iteration\": 1, \"wall_time_s\": 0.5}");
        e = assertThrows(IllegalArgumentException.class, () -> MetricsReader.read(times, null));
        assertEquals(times + ":1: no metric to plot (only [iteration, wall_time_s]); give --metric", e.getMessage());

        Path text = file("text.jsonl", "{\"iteration\": 1, \"inertia\": \"x\"}");
        e = assertThrows(IllegalArgumentException.class, () -> MetricsReader.read(text, "inertia"));
        assertEquals(text + ":1: \"inertia\" is x, not a number", e.getMessage());
    }
}
