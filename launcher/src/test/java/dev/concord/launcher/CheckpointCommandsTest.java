package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.checkpoints.CheckpointStore;
import dev.concord.collectives.Collectives;
import dev.concord.runtime.testkit.LocalCluster;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code concord checkpoint list|verify|inspect} on paths that are not checkpoint directories, and verify's verdict. */
class CheckpointCommandsTest {
    @TempDir
    Path tmp;

    /** Runs the CLI in-process; returns {exit code, stdout, stderr}. */
    private static String[] run(String... args) {
        CommandLine cl = ConcordCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8).strip(), err.toString().strip()};
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void shouldSayWhetherThePathIsMissingOrNotADirectory() throws Exception {
        Path missing = tmp.resolve("nope");
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        for (String sub : new String[] {"list", "verify", "inspect"}) {
            String[] r = run("checkpoint", sub, missing.toString());
            assertEquals("2", r[0], sub);
            assertEquals("concord checkpoint " + sub + ": " + missing + " does not exist", r[2]);
        }
        for (String sub : new String[] {"list", "verify"}) {
            String[] r = run("checkpoint", sub, file.toString());
            assertEquals("2", r[0], sub);
            assertEquals("concord checkpoint " + sub + ": " + file + " is not a directory", r[2]);
        }
    }

    @Test
    void shouldSayThereAreNoCheckpointsInAnEmptyDirectory() {
        String[] list = run("checkpoint", "list", tmp.toString());
        assertEquals("0", list[0]);
        assertEquals("no checkpoints in " + tmp, list[1]);
        String[] verify = run("checkpoint", "verify", tmp.toString());
        assertEquals("1", verify[0], "verify gates scripts: nothing to resume from is a failure");
    }

    @Test
    void shouldJudgeTheNewestCommittedStepNotAWriteThatNeverFinished() throws Exception {
        LocalCluster.of(2).run(comm -> {
            try (CheckpointStore store = CheckpointStore.open(tmp, Collectives.of(comm),
                    new CheckpointStore.Identity("test", "cfg-1"), 2)) {
                long lo = comm.rank() * 10L;
                store.save(1, new byte[] {1, 2, 3}, lo, lo + 10, "model".getBytes(StandardCharsets.UTF_8));
            }
        });
        Path unfinished = Files.createDirectories(CheckpointStore.stepDir(tmp, 2)); // killed before its commit
        Files.write(unfinished.resolve("rank-0.npz.tmp"), new byte[] {9});
        String[] verify = run("checkpoint", "verify", tmp.toString());
        assertEquals("0", verify[0], "step 1 is what a resume would use: " + verify[2]);
        assertEquals("step 2: not committed (a write that did not finish; resume ignores it)\nstep 1: ok", verify[1]);

        Files.writeString(unfinished.resolve(CheckpointStore.MANIFEST), "{"); // committed, but damaged
        verify = run("checkpoint", "verify", tmp.toString());
        assertEquals("1", verify[0], verify[1]);
        assertTrue(verify[2].startsWith("concord checkpoint verify: the newest step (2) is invalid: "), verify[2]);
    }
}
