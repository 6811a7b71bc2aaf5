package dev.concord.runtime.mpj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.models.train.TrainMain;
import dev.concord.runtime.launch.ExitCodes;
import dev.concord.runtime.testkit.ProcessCluster;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, must-show 2: over MPJ Express, a rank SIGKILLed mid-training makes the launcher
 * restart every rank, which resume from the latest checkpoint and finish with the same model file
 * as an uninterrupted run — the fault recovery MPJ itself does not have.
 */
class MpjKillResumeIT {
    private static final int NP = 3;

    @Test
    void shouldResumeFromTheCheckpointAfterARankIsKilled(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("blobs.csv");
        SplittableRandom rnd = new SplittableRandom(11);
        try (BufferedWriter w = Files.newBufferedWriter(data)) {
            for (int i = 0; i < 30_000; i++) {
                int c = rnd.nextInt(4);
                w.write(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", 3.0 * c + rnd.nextDouble(),
                        5.0 - 2 * c + rnd.nextDouble(), c * c + rnd.nextDouble()));
            }
        }
        Path plain = dir.resolve("plain.npz");
        ProcessCluster.Result uninterrupted = job(data, plain, dir.resolve("ck-plain")).run();
        assertEquals(ExitCodes.OK, uninterrupted.exitCode(), uninterrupted.transcript());

        Path out = dir.resolve("killed.npz");
        ProcessCluster.Result r = job(data, out, dir.resolve("ck-killed")).maxRestarts(1)
                .killWhen(1, "iteration 12"::equals).run();
        String t = r.transcript();
        assertNotNull(r.faultTimes().get("kill:1"), "rank 1 never reached iteration 12\n" + t);
        assertEquals(ExitCodes.OK, r.exitCode(), t);
        assertEquals(1, r.restarts(), t);
        assertTrue(t.contains("resumed from step 10"), t);
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(out), t);
    }

    private static ProcessCluster job(Path data, Path out, Path ckpt) {
        return ProcessCluster.of(NP, TrainMain.class).env("CONCORD_TRANSPORT", "mpj").timeout(Duration.ofSeconds(150))
                .args("gmm", "--data", data.toString(), "--k", "4", "--tol", "0", "--iterations", "20", "--seed", "3",
                        "--out", out.toString(), "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "5",
                        "--progress");
    }
}
