package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.models.train.ProgressRecord;
import dev.concord.runtime.launch.OutputSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarSinkTest {
    private static final String ERASE = "\r\u001b[K";

    @Test
    void shouldKeepRankLinesWholeAroundTheBarAndHideRecords() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        OutputSink lines = new OutputSink() {
            @Override
            public void line(int rank, boolean stderr, String text) {
                terminal.print("[" + rank + "] " + text + "\n");
            }

            @Override
            public void launcher(String text) {
                terminal.print("concord: " + text + "\n");
            }
        };
        try (ProgressBarSink sink = new ProgressBarSink(lines, terminal)) {
            Thread other = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    sink.line(1, false, "line " + i + " of rank one");
                }
            });
            other.start();
            for (int i = 0; i <= 50; i++) {
                sink.line(0, false, new ProgressRecord(i, 50, i * 10_000_000L, i == 50, "loss=" + i).toLine());
                sink.line(0, false, "line " + i + " of rank zero");
                Thread.sleep(i % 10 == 0 ? 300 : 0); // let the library's renderer draw now and then
            }
            other.join();
            sink.launcher("done");
        }
        String raw = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(raw.contains("concord-progress"), raw);
        assertTrue(raw.contains("50/50"), "the bar reaches its end: " + raw);
        List<String> whole = new ArrayList<>();
        for (String segment : raw.split("\n")) {
            int erased = segment.lastIndexOf(ERASE);
            whole.add(erased >= 0 ? segment.substring(erased + ERASE.length()) : segment);
        }
        for (int i = 0; i < 2000; i++) {
            assertTrue(whole.contains("[1] line " + i + " of rank one"), "torn: line " + i + "\n" + raw);
        }
        for (int i = 0; i <= 50; i++) {
            assertTrue(whole.contains("[0] line " + i + " of rank zero"), "torn: line " + i + "\n" + raw);
        }
        assertEquals("concord: done", whole.get(whole.size() - 1));
    }

    @Test
    void shouldDrawABarOnlyOnATerminalUnlessTold() {
        assertTrue(ProgressBarSink.wanted(Map.of(), true));
        assertFalse(ProgressBarSink.wanted(Map.of(), false));
        assertTrue(ProgressBarSink.wanted(Map.of("CONCORD_PROGRESS", "bar"), false));
        assertFalse(ProgressBarSink.wanted(Map.of("CONCORD_PROGRESS", "plain"), true));
        assertFalse(ProgressBarSink.wanted(Map.of("CONCORD_PROGRESS", "off"), true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgressBarSink.wanted(Map.of("CONCORD_PROGRESS", "fancy"), true));
        assertTrue(e.getMessage().contains("CONCORD_PROGRESS=fancy"), e.getMessage());
    }
}
