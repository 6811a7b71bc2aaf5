package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar concord.jar run …} as a user runs it: real processes, signals, exit codes. */
class ConcordRunIT {
    private static final String CP = Path.of("target", "test-classes").toAbsolutePath().toString();

    private static Process concord(String... args) throws IOException {
        return ConcordProcess.start(args);
    }

    private static String[] finish(Process p, int seconds) throws Exception {
        return ConcordProcess.finish(p, seconds);
    }

    @Test
    void shouldExitWithTheFirstFailingRanksStatus() throws Exception {
        Process p = concord("run", "-np", "3", "--cp", CP, RankProgram.class.getName(), "exit", "1", "42");
        String[] io = finish(p, 60);
        assertEquals(42, p.exitValue(), io[1]);
        assertTrue(io[1].contains("concord: rank 1 exited with status 42"), io[1]);
    }

    @Test
    void shouldCountAndLogRestarts() throws Exception {
        Process p = concord("run", "-np", "3", "--max-restarts", "2", "--cp", CP, RankProgram.class.getName(),
                "fail-first-attempt");
        String[] io = finish(p, 90);
        assertEquals(0, p.exitValue(), io[0] + io[1]);
        assertTrue(io[1].contains("restarting all 3 ranks (restart 1 of 2)"), io[1]);
        for (int r = 0; r < 3; r++) {
            assertTrue(io[0].contains("[" + r + "] ok attempt=1"), io[0]);
        }
    }

    @Test
    void shouldSayItGivesUpWhenTheRestartsAreSpent() throws Exception {
        Process p = concord("run", "-np", "2", "--max-restarts", "1", "--cp", CP, RankProgram.class.getName(), "exit",
                "1", "42");
        String[] io = finish(p, 90);
        assertEquals(42, p.exitValue(), io[1]);
        assertTrue(io[1].contains("restarting all 2 ranks (restart 1 of 1)"), io[1]);
        assertTrue(io[1].contains("concord: giving up: the job failed 2 times (--max-restarts 1); last: rank 1 exited "
                + "with status 42"), io[1]);
    }

    @Test
    void shouldStopEveryRankOnSigintAndLeaveNoOrphans() throws Exception {
        Process p = concord("run", "-np", "3", "--cp", CP, RankProgram.class.getName(), "sleep");
        List<Long> pids = new ArrayList<>();
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        Pattern ready = Pattern.compile("\\[\\d] ready pid=(\\d+)");
        while (pids.size() < 3) {
            String line = r.readLine();
            assertTrue(line != null, "launcher ended early");
            Matcher m = ready.matcher(line);
            if (m.matches()) {
                pids.add(Long.parseLong(m.group(1)));
            }
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher did not stop on SIGINT");
        assertEquals(130, p.exitValue());
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(err.contains("concord: interrupted (SIGINT or SIGTERM); stopping all 3 ranks"), err);
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "rank pid " + pid + " survived");
        }
    }

    @Test
    void shouldKeepLinesWholeUnderHeavyOutput() throws Exception {
        int lines = 20_000;
        Process p = concord("run", "-np", "4", "--cp", CP, RankProgram.class.getName(), "spam",
                Integer.toString(lines), "300");
        String[] io = finish(p, 120);
        assertEquals(0, p.exitValue(), io[1]);
        Pattern whole = Pattern.compile("\\[(\\d)] rank(\\d) line(\\d+) x{300} end");
        int[] count = new int[4];
        for (String line : io[0].split("\n")) {
            Matcher m = whole.matcher(line);
            assertTrue(m.matches(), "torn or interleaved line: " + line.substring(0, Math.min(120, line.length())));
            assertEquals(m.group(1), m.group(2));
            count[Integer.parseInt(m.group(1))]++;
        }
        for (int c : count) {
            assertEquals(lines, c);
        }
    }

    @Test
    void shouldStartRanksOnHostsThroughRsh(@TempDir Path dir) throws Exception {
        Path shim = dir.resolve("fake-ssh");
        // stands in for ssh: runs the command line locally, telling it which "host" it is on
        Files.writeString(shim, "#!/bin/sh\nhost=$1; shift\nexport SHIM_HOST=$host\nexec sh -c \"$*\"\n");
        shim.toFile().setExecutable(true);
        Path hostfile = dir.resolve("hosts");
        Files.writeString(hostfile, "hostA slots=2\nhostB slots=2\n");
        Process p = concord("run", "-np", "4", "--hostfile", hostfile.toString(), "--rsh", shim.toString(), "--cp", CP,
                RankProgram.class.getName(), "where");
        String[] io = finish(p, 90);
        assertEquals(0, p.exitValue(), io[0] + io[1]);
        assertTrue(io[0].contains("[0] rank 0 on hostA"), io[0]);
        assertTrue(io[0].contains("[1] rank 1 on hostA"), io[0]);
        assertTrue(io[0].contains("[2] rank 2 on hostB"), io[0]);
        assertTrue(io[0].contains("[3] rank 3 on hostB"), io[0]);
    }

    @Test
    void shouldRejectBadUsageWithOneLineAndStatusTwo() throws Exception {
        Process p = concord("run", "-np", "zero", "Main");
        String[] io = finish(p, 30);
        assertEquals(2, p.exitValue());
        assertEquals(1, io[1].strip().split("\n").length, io[1]);
        assertTrue(io[1].contains("-np"), io[1]);
        Process t = concord("train", "gmm", "-np", "2", "--foo");
        String[] tio = finish(t, 30);
        assertEquals(2, t.exitValue());
        assertEquals("concord train: Unknown option: '--foo'", tio[1].strip(), "one line, before any rank starts");
        Process top = concord("--bogus");
        String[] topIo = finish(top, 30);
        assertEquals(2, top.exitValue());
        assertEquals("concord: Unknown option: '--bogus' (see 'concord --help')", topIo[1].strip());
    }
}
