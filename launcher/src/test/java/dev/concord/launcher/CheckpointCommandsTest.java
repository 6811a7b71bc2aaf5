package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** {@code concord checkpoint list|verify|inspect} on paths that are not checkpoint directories. */
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
}
