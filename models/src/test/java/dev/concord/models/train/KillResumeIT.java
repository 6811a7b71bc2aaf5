package dev.concord.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.models.testutil.Reference;
import dev.concord.runtime.testkit.ProcessCluster;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Must-show 1 of the checkpoint issue: a 4-rank job checkpointing every 5 iterations, one rank
 * SIGKILLed at a seeded random iteration (10 seeds), finishes by itself under {@code
 * --max-restarts} with a model file byte-identical to the uninterrupted run's, and re-does at most
 * 5 iterations. For GMM (replicated state) and LDA (per-rank topic assignments in the shards).
 */
class KillResumeIT {
    private static final int NP = 4;
    private static final int ITERATIONS = 30;
    private static final int EVERY = 5;
    private static final Pattern ITERATION = Pattern.compile("iteration (\\d+)");
    private static final Pattern RESUMED = Pattern.compile("resumed from step (\\d+) ");

    private static final String KJV = Reference.DATA.resolve("lda/kjv.docword.txt").toString();

    @TempDir
    static Path dir;
    private static Path blobs;

    @BeforeAll
    static void writeBlobs() throws Exception {
        blobs = dir.resolve("blobs.csv");
        SplittableRandom rnd = new SplittableRandom(7);
        try (BufferedWriter w = Files.newBufferedWriter(blobs)) {
            // enough rows that an iteration takes milliseconds, so kills land mid-training
            for (int i = 0; i < 60_000; i++) {
                int c = rnd.nextInt(5);
                StringBuilder b = new StringBuilder();
                for (int j = 0; j < 6; j++) {
                    b.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", 3 * ((c + j) % 5)
                            + rnd.nextDouble() * 2));
                }
                w.write(b.append('\n').toString());
            }
        }
    }

    static Stream<Arguments> jobs() {
        return Stream.of(Arguments.of("gmm", List.of("gmm", "--data", "BLOBS", "--k", "5", "--tol", "0")),
                Arguments.of("lda", List.of("lda", "--data", KJV, "--k", "20")));
    }

    private static ProcessCluster job(List<String> model, Path out, Path ckpt) {
        List<String> args = new ArrayList<>();
        for (String a : model) {
            args.add(a.equals("BLOBS") ? blobs.toString() : a);
        }
        args.addAll(List.of("--iterations", Integer.toString(ITERATIONS), "--seed", "1", "--out", out.toString(),
                "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", Integer.toString(EVERY), "--progress"));
        return ProcessCluster.of(NP, TrainMain.class).timeout(Duration.ofSeconds(120)).args(args.toArray(new String[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void shouldFinishByteIdenticallyAfterARankIsKilledAtARandomIteration(String name, List<String> model)
            throws Exception {
        Path plain = dir.resolve(name + "-plain.npz");
        ProcessCluster.Result r0 = job(model, plain, dir.resolve(name + "-plain-ckpt")).run();
        assertEquals(0, r0.exitCode(), r0.transcript());
        byte[] uninterrupted = Files.readAllBytes(plain);
        List<String> report = new ArrayList<>();
        java.util.Set<Integer> points = new java.util.TreeSet<>();
        // java.util.Random's first draws are correlated for consecutive seeds: spread them
        SplittableRandom seeds = new SplittableRandom(2026);
        for (int i = 1; i <= 10; i++) {
            long seed = seeds.nextLong();
            Path out = dir.resolve(name + "-killed-" + seed + ".npz");
            ProcessCluster.Result r = job(model, out, dir.resolve(name + "-ckpt-" + seed)).maxRestarts(2)
                    .killRandomly(seed, line -> ITERATION.matcher(line).matches(), ITERATIONS - 2).run();
            String t = "seed " + seed + "\n" + r.transcript();
            assertEquals(0, r.exitCode(), t);
            assertEquals(1, r.restarts(), t);
            assertArrayEquals(uninterrupted, Files.readAllBytes(out), t);
            int lastBefore = 0;
            int resumedFrom = -1;
            for (ProcessCluster.Line l : r.lines()) {
                Matcher m = ITERATION.matcher(l.text());
                if (l.attempt() == 0 && m.matches()) {
                    lastBefore = Math.max(lastBefore, Integer.parseInt(m.group(1)));
                }
                Matcher res = RESUMED.matcher(l.text());
                if (l.attempt() == 1 && res.find()) {
                    resumedFrom = Integer.parseInt(res.group(1));
                }
            }
            if (resumedFrom < 0) {
                assertTrue(lastBefore <= EVERY, "no resume although step " + EVERY + " was committed\n" + t);
                resumedFrom = 0;
            }
            assertNotNull(r.first(0, "final"), t);
            int redone = lastBefore - resumedFrom;
            assertTrue(redone >= 0 && redone <= EVERY, "re-did " + redone + " iterations\n" + t);
            points.add(lastBefore);
            report.add("seed " + seed + ": killed after iteration " + lastBefore + ", resumed from " + resumedFrom);
        }
        System.out.println(String.join("\n", report));
        assertTrue(points.size() >= 5, "kill points not spread: " + report);
    }

    /**
     * A stopped (hung) rank is failed by the survivors' peer timeout; they exit with the peer-failed
     * status, so the job's status is the stopped rank's (SIGKILLed by the launcher after the grace
     * period), not a survivor's 1 as if a survivor had found a problem of its own.
     */
    @Test
    void shouldNameTheStoppedRankNotASurvivorAsTheJobsFailure() {
        List<String> args = new ArrayList<>(List.of("gmm", "--data", blobs.toString(), "--k", "5", "--tol", "0",
                "--iterations", "1000", "--seed", "1", "--progress"));
        ProcessCluster.Result r = ProcessCluster.of(3, TrainMain.class).timeout(Duration.ofSeconds(120))
                .grace(Duration.ofSeconds(2)).env("CONCORD_OP_TIMEOUT", "4s").args(args.toArray(new String[0]))
                .stopWhen(1, "iteration 3"::equals).run();
        assertNotNull(r.faultTimes().get("stop:1"), r.transcript());
        for (int rank : new int[] {0, 2}) {
            assertNotNull(r.first(rank, "rank 1 failed"), "rank " + rank + " did not name rank 1\n" + r.transcript());
        }
        assertEquals(137, r.exitCode(), r.transcript());
        assertTrue(ProcessCluster.allGone(r.pids(), Duration.ofSeconds(10)), "a rank process was left behind");
    }
}
