package dev.concord.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.testkit.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show 2 at process level: a rank halts (no cleanup) during its shard write, after every
 * shard but before the manifest, or before the manifest's rename of step 20 (fault injection
 * through {@code CONCORD_TEST_HALT_AT}); the restarted job resumes from step 15, skips the broken
 * step 20, and ends with the uninterrupted run's model file. The same with {@code
 * --checkpoint-async}, where the writes and rank 0's manifests happen on the background thread:
 * the ranks agree on steps 10 and 15 at the 20th sync point, before step 20 is written, and rank
 * 0's one writer thread runs its tasks in order, so step 15 is committed when the fault hits on
 * rank 0, whatever the timing.
 */
class CommitCrashIT {
    @TempDir
    Path dir;

    private ProcessCluster job(Path out, Path ckpt, boolean async) {
        List<String> args = new ArrayList<>(List.of("gmm", "--k", "3", "--tol", "0", "--iterations", "25", "--seed",
                "4", "--out", out.toString(), "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "5", "--keep",
                "3"));
        if (async) {
            args.add("--checkpoint-async");
        }
        return ProcessCluster.of(2, TrainMain.class).timeout(Duration.ofSeconds(60)).args(args.toArray(new String[0]));
    }

    @Test
    void shouldResumeFromThePreviousStepAfterACrashAtAnyPointOfTheCommit() throws Exception {
        Path plain = dir.resolve("plain.npz");
        ProcessCluster.Result base = job(plain, dir.resolve("plain"), false).run();
        assertEquals(0, base.exitCode(), base.transcript());
        String[] faults = {"1:shard-write:20", "0:before-manifest:20", "0:manifest-rename:20",
            "async:0:shard-write:20", "async:0:before-manifest:20", "async:0:manifest-rename:20"};
        for (String spec : faults) {
            boolean async = spec.startsWith("async:");
            String fault = spec.substring(async ? 6 : 0);
            Path out = dir.resolve(spec.replace(':', '-') + ".npz");
            Path ckpt = dir.resolve("ckpt-" + spec.replace(':', '-'));
            ProcessCluster.Result r = job(out, ckpt, async).env("CONCORD_TEST_HALT_AT", fault).maxRestarts(1).run();
            String t = spec + "\n" + r.transcript();
            assertEquals(0, r.exitCode(), t);
            assertEquals(1, r.restarts(), t);
            assertTrue(t.contains("halting at " + fault.split(":")[1] + " of step-20"), t);
            assertTrue(t.contains("step-20 skipped: no MANIFEST"), t);
            assertTrue(t.contains("resumed from step 15 "), t);
            assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(out), t);
            // nothing older was lost: with --keep 3, steps 15, 20 (rewritten) and 25 are all valid
            for (int step : new int[] {15, 20, 25}) {
                assertTrue(Files.exists(ckpt.resolve("step-" + step).resolve("MANIFEST")), t);
            }
        }
    }
}
