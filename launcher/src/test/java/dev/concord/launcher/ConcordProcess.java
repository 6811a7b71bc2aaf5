package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/concord.jar …} as a user runs it (integration tests; the shaded jar exists then). */
final class ConcordProcess {
    static final Path JAR = Path.of("target", "concord.jar");

    private ConcordProcess() {
    }

    static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).start();
    }

    /** Waits (bounded) for {@code p}; returns {stdout, stderr}. */
    static String[] finish(Process p, int seconds) throws Exception {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "concord did not finish");
        return new String[] {out.get(), err.get()};
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
