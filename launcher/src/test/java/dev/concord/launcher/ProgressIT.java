package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Progress of {@code concord train} as a user sees it: on a terminal (a real pseudo-terminal from
 * util-linux's {@code script}) the launcher draws a bar from rank 0's progress records and every
 * rank line still arrives whole; off a terminal rank 0 logs one plain line every N iterations.
 */
class ProgressIT {
    private static final String ERASE = "\r\u001b[K";
    private static final Pattern BAR = Pattern.compile("train +\\d+% \\[[=> ]*\\] (\\d+)/40 \\(.*\\) avg_log_likelihood=");

    @Test
    void shouldDrawABarOnATerminalWithoutTearingRankLines() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -jar " + ConcordProcess.JAR + " train gmm -np 2 --iterations 40 --tol 0 --progress";
        Process p = new ProcessBuilder("script", "-qfec", command, "/dev/null").redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        String[] io = ConcordProcess.finish(p, 120);
        String raw = io[0];
        assertEquals(0, p.exitValue(), raw + io[1]);
        assertFalse(raw.contains("concord-progress"), "progress records must not be printed: " + raw);
        assertFalse(raw.contains("progress: iteration"), "no plain progress lines on a terminal: " + raw);
        // every rank line arrives whole: after erasing the bar, "[r] text" up to the newline
        List<String> lines = new ArrayList<>();
        int bars = 0;
        int lastBar = 0;
        for (String segment : raw.split("\n")) {
            String s = segment.endsWith("\r") ? segment.substring(0, segment.length() - 1) : segment;
            Matcher m = BAR.matcher(s);
            while (m.find()) {
                bars++;
                lastBar = Math.max(lastBar, Integer.parseInt(m.group(1)));
            }
            int erased = s.lastIndexOf(ERASE);
            lines.add(erased >= 0 ? s.substring(erased + ERASE.length()) : s);
        }
        assertTrue(bars > 0, "no progress bar drawn:\n" + raw);
        assertEquals(40, lastBar, "the bar ends at 40/40:\n" + raw);
        for (int rank = 0; rank < 2; rank++) {
            for (int i = 1; i <= 40; i++) {
                assertTrue(lines.contains("[" + rank + "] iteration " + i), "rank " + rank + " line " + i + " torn or "
                        + "missing:\n" + String.join("\n", lines));
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[0] {\"final\":true,\"iterations\":40")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[0] trained on the built-in demo data with 2 ranks")),
                String.join("\n", lines));
    }

    @Test
    void shouldLogOnePlainLineEveryNIterationsOffATerminal() throws Exception {
        assertEquals(List.of(10, 20, 25), plainLines(List.of()));
        assertEquals(List.of(4, 8, 12, 16, 20, 24, 25), plainLines(List.of("--progress-every", "4")));
        assertEquals(List.of(), plainLines(List.of("--progress-every", "0")));
    }

    /** Iterations of rank 0's plain progress lines in a 25-iteration job with {@code extra} options. */
    private static List<Integer> plainLines(List<String> extra) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList("train", "gmm", "-np", "2", "--iterations", "25", "--tol",
                "0"));
        args.addAll(extra);
        Process p = ConcordProcess.start(args.toArray(new String[0]));
        String[] io = ConcordProcess.finish(p, 90);
        assertEquals(0, p.exitValue(), io[0] + io[1]);
        assertFalse(io[0].contains("\r") || io[0].contains("concord-progress"), "no bar off a terminal: " + io[0]);
        assertTrue(io[0].contains("[0] {\"final\":true,\"iterations\":25"), io[0]);
        Pattern plain = Pattern.compile("\\[0] progress: iteration (\\d+)/25 \\(\\d+%\\), avg_log_likelihood=-?[0-9.]+"
                + "(e[-+]\\d+)?, [0-9.]+ s(, ETA [0-9.]+ s)?");
        List<Integer> at = new ArrayList<>();
        for (String line : io[0].split("\n")) {
            if (line.contains("progress:")) {
                Matcher m = plain.matcher(line);
                assertTrue(m.matches(), "malformed progress line: " + line);
                at.add(Integer.parseInt(m.group(1)));
            }
        }
        return at;
    }
}
