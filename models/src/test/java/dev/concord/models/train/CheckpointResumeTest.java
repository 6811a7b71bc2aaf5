package dev.concord.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.checkpoints.CheckpointStore;
import dev.concord.checkpoints.npy.NpyArray;
import dev.concord.models.testutil.MetricLines;
import dev.concord.models.testutil.ModelArrays;
import dev.concord.models.testutil.Reference;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.testkit.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop after K iterations (the iteration limit), restart from the checkpoint in a second cluster
 * run: the model file is byte-identical to an uninterrupted run's and the metric lines match
 * (times aside). Resuming a 4-rank checkpoint with 2 or 3 ranks gives the same model to 1e-9.
 */
class CheckpointResumeTest {
    @TempDir
    Path dir;

    private static final String BREAST = Reference.DATA.resolve("classification/breast_cancer.libsvm").toString();
    private static final String IRIS = Reference.DATA.resolve("gmm/iris.csv").toString();
    private static final String KJV = Reference.DATA.resolve("lda/kjv.docword.txt").toString();

    /** {job args, full iterations, stop after}; the checkpointed runs of some write in the background. */
    private static final Object[][] JOBS = {
        {new String[] {"gmm", "--data", IRIS, "--k", "3", "--tol", "0", "--seed", "3"}, 30, 10},
        {new String[] {"gmm", "--data", IRIS, "--k", "3", "--covariance", "diag", "--init", "evenly-spaced-rows",
            "--tol", "0", "--checkpoint-async"}, 20, 5},
        {new String[] {"kmeans", "--data", IRIS, "--k", "4", "--tol", "0", "--seed", "2"}, 12, 2},
        {new String[] {"logreg", "--data", BREAST, "--tol", "1e-12", "--checkpoint-async"}, 40, 15},
        {new String[] {"logreg", "--data", BREAST, "--solver", "sgd", "--batch-size", "64", "--seed", "5"}, 6, 2},
        {new String[] {"logreg", "--data", BREAST, "--solver", "local-sgd", "--average-every", "3", "--seed", "5"}, 6,
            3},
        {new String[] {"lda", "--data", KJV, "--k", "10", "--seed", "4"}, 12, 6},
        {new String[] {"plsa", "--data", KJV, "--k", "5", "--seed", "4"}, 8, 3},
    };

    private List<String> run(int np, String[] job, int iterations, Path out, Path metrics, Path ckpt, int every) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(text, true, StandardCharsets.UTF_8);
        LocalCluster.of(np).call(comm -> run(comm, job, iterations, out, metrics, ckpt, every, ps));
        return List.of(text.toString(StandardCharsets.UTF_8).split("\n"));
    }

    /** One rank of {@link #run(int, String[], int, Path, Path, Path, int)}. */
    private static TrainingOutcome run(Communicator comm, String[] job, int iterations, Path out, Path metrics,
            Path ckpt, int every, PrintStream ps) {
        List<String> args = new ArrayList<>(Arrays.asList(job));
        args.addAll(List.of("--iterations", Integer.toString(iterations), "--out", out.toString(), "--metrics",
                metrics.toString()));
        if (ckpt != null) {
            args.addAll(List.of("--checkpoint-dir", ckpt.toString(), "--checkpoint-every", Integer.toString(every)));
        }
        return TrainMain.parse(args.toArray(new String[0])).run(comm, ps);
    }

    /** Metric lines without the times (which legitimately differ). */
    private static List<String> withoutTimes(Path metrics) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            out.add(line.replaceAll(",\"wall_time_s\":[^,}]*", "").replaceAll(",\"allreduce_time_s\":[^,}]*", "")
                    .replaceAll(",\"checkpoint_time_s\":[^,}]*", ""));
        }
        return out;
    }

    @Test
    void shouldResumeBitExactlyForEveryModel() throws Exception {
        for (int j = 0; j < JOBS.length; j++) {
            String[] job = (String[]) JOBS[j][0];
            int full = (Integer) JOBS[j][1];
            int stop = (Integer) JOBS[j][2];
            Path base = dir.resolve("job" + j);
            Files.createDirectories(base);
            run(2, job, full, base.resolve("plain.npz"), base.resolve("plain.jsonl"), null, 0);
            Path ckpt = base.resolve("ckpt");
            run(2, job, stop, base.resolve("first.npz"), base.resolve("first.jsonl"), ckpt, stop);
            List<String> said = run(2, job, full, base.resolve("resumed.npz"), base.resolve("resumed.jsonl"), ckpt,
                    stop);
            String name = String.join(" ", job);
            assertTrue(said.stream().anyMatch(l -> l.startsWith("concord train: resumed from step " + stop + " ")),
                    name + ": " + said);
            assertArrayEquals(Files.readAllBytes(base.resolve("plain.npz")),
                    Files.readAllBytes(base.resolve("resumed.npz")), name);
            assertEquals(withoutTimes(base.resolve("plain.jsonl")), withoutTimes(base.resolve("resumed.jsonl")), name);
        }
    }

    @Test
    void shouldContinueA4RankCheckpointWith2And3Ranks() throws Exception {
        Object[][] jobs = {
            {new String[] {"gmm", "--data", IRIS, "--k", "3", "--tol", "0", "--seed", "3"}, 10},
            {new String[] {"kmeans", "--data", IRIS, "--k", "3", "--tol", "0", "--seed", "2"}, 2},
            {new String[] {"logreg", "--data", BREAST, "--tol", "1e-12"}, 10},
            {new String[] {"plsa", "--data", KJV, "--k", "5", "--seed", "4"}, 10},
        };
        for (Object[] j : jobs) {
            String[] job = (String[]) j[0];
            int stop = (Integer) j[1];
            Path plain = dir.resolve("plain.npz");
            run(4, job, 30, plain, dir.resolve("plain.jsonl"), null, 0);
            for (int np : new int[] {2, 3}) {
                Path ckpt = dir.resolve("elastic-" + job[0] + np);
                run(4, job, stop, dir.resolve("first.npz"), dir.resolve("first.jsonl"), ckpt, stop);
                List<String> said = run(np, job, 30, dir.resolve("resumed.npz"), dir.resolve("resumed.jsonl"), ckpt,
                        stop);
                String name = String.join(" ", job) + " np=" + np;
                assertTrue(said.stream().anyMatch(l -> l.contains("resumed from step " + stop + " ")
                        && l.contains("world size then 4")), name + ": " + said);
                Map<String, NpyArray> a = ModelFile.read(plain).state().arrays();
                Map<String, NpyArray> b = ModelFile.read(dir.resolve("resumed.npz")).state().arrays();
                ModelArrays.assertClose(a, b, 1e-9, name);
                // the metric history of the first run is carried over
                assertEquals(withoutTimes(dir.resolve("first.jsonl")).subList(0, stop),
                        withoutTimes(dir.resolve("resumed.jsonl")).subList(0, stop), name);
            }
        }
    }

    /**
     * LDA's topic assignments are stored by global document id: a 4-rank checkpoint resumed by 2
     * ranks restores exactly the same sample (the same counts), and
     * continuing from it lands within 1% in log-likelihood per token of the 4-rank run.
     */
    @Test
    void shouldResumeLdaAssignmentsByDocumentIdWithFewerRanks() throws Exception {
        String[] job = {"lda", "--data", KJV, "--k", "10", "--seed", "6"};
        Path ckpt = dir.resolve("lda-elastic");
        run(4, job, 8, dir.resolve("four.npz"), dir.resolve("four.jsonl"), ckpt, 8);
        List<String> said = run(2, job, 8, dir.resolve("two.npz"), dir.resolve("two.jsonl"), ckpt, 8);
        assertTrue(said.stream().anyMatch(l -> l.contains("resumed from step 8 ") && l.contains("world size then 4")),
                said.toString());
        for (String name : new String[] {"topic_word_counts", "topic_counts"}) {
            assertArrayEquals(ModelFile.read(dir.resolve("four.npz")).state().ints(name),
                    ModelFile.read(dir.resolve("two.npz")).state().ints(name), name);
        }
        // the final evaluation recomputes log p(w, z) from the restored assignments on other ranks
        double four = MetricLines.finalValue(Files.readAllLines(dir.resolve("four.jsonl")), "log_likelihood_per_token");
        double two = MetricLines.finalValue(Files.readAllLines(dir.resolve("two.jsonl")), "log_likelihood_per_token");
        assertEquals(four, two, 1e-12 * Math.abs(four));

        run(4, job, 16, dir.resolve("four16.npz"), dir.resolve("four16.jsonl"), null, 0);
        run(2, job, 16, dir.resolve("two16.npz"), dir.resolve("two16.jsonl"), ckpt, 8);
        double a = MetricLines.finalValue(Files.readAllLines(dir.resolve("four16.jsonl")), "log_likelihood_per_token");
        double b = MetricLines.finalValue(Files.readAllLines(dir.resolve("two16.jsonl")), "log_likelihood_per_token");
        assertEquals(a, b, 0.01 * Math.abs(a), "4 ranks " + a + ", 4 then 2 ranks " + b);
    }

    /**
     * A job in a directory holding another model's or configuration's checkpoints stops before
     * training, on every rank, with one line saying what is there and what to do; the other job's
     * files keep their bytes (before, it wrote its steps over them and its retention deleted them).
     */
    @Test
    void shouldRefuseADirectoryHoldingAnotherJobsCheckpoints() throws Exception {
        String[][][] jobs = {
            {{"gmm", "--data", IRIS, "--k", "3", "--tol", "0"}, {"kmeans", "--data", IRIS, "--k", "3", "--tol", "0"}},
            {{"kmeans", "--data", IRIS, "--k", "3", "--tol", "0"},
                {"kmeans", "--data", IRIS, "--k", "4", "--tol", "0"}},
        };
        for (String[][] j : jobs) {
            Path ckpt = dir.resolve("ckpt-" + j[0][0] + "-" + j[1][0]);
            run(2, j[0], 6, dir.resolve("a.npz"), dir.resolve("a.jsonl"), ckpt, 2);
            Map<String, byte[]> before = files(ckpt);
            assertEquals(List.of("step-4/MANIFEST", "step-4/model.npz", "step-4/rank-0.npz", "step-4/rank-1.npz",
                    "step-6/MANIFEST", "step-6/model.npz", "step-6/rank-0.npz", "step-6/rank-1.npz"),
                    List.copyOf(before.keySet()));
            Path out = dir.resolve("b-" + j[1][0] + ".npz");
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            List<String> said = LocalCluster.of(2).call(comm -> {
                try {
                    run(comm, j[1], 8, out, dir.resolve("b.jsonl"), ckpt, 2, quiet);
                    return "trained";
                } catch (RuntimeException e) {
                    assertEquals(TrainMain.USAGE, TrainMain.exitCode(e));
                    return e.getMessage();
                }
            });
            String name = String.join(" ", j[1]);
            for (String msg : said) {
                assertTrue(msg.startsWith("checkpoint directory " + ckpt + " holds checkpoints of another job (newest: "
                        + "step 6 of '" + j[0][0] + "', config hash ") && !msg.contains("\n")
                        && msg.endsWith(": use another --checkpoint-dir or remove them"), name + ": " + msg);
            }
            assertFalse(Files.exists(out), name + ": trained");
            Map<String, byte[]> after = files(ckpt);
            assertEquals(before.keySet(), after.keySet(), name);
            before.forEach((f, bytes) -> assertArrayEquals(bytes, after.get(f), name + ": " + f));
        }
    }

    /**
     * The configuration hash leaves the data path out, so a checkpoint of other data with the same
     * features and classes passed as this job's: it resumed the other data's optimiser state.
     */
    @Test
    void shouldRefuseACheckpointOfDataWithAnotherNumberOfRows() throws Exception {
        Path ckpt = dir.resolve("ckpt-rows");
        run(2, new String[] {"kmeans", "--data", IRIS, "--k", "3", "--tol", "0"}, 6, dir.resolve("a.npz"),
                dir.resolve("a.jsonl"), ckpt, 2);
        StringBuilder fewer = new StringBuilder();
        List<String> lines = Files.readAllLines(Path.of(IRIS));
        for (String line : lines.subList(0, 100)) {
            fewer.append(line).append('\n');
        }
        Path other = Files.writeString(dir.resolve("iris-100.csv"), fewer);
        Map<String, byte[]> before = files(ckpt);
        Path out = dir.resolve("b.npz");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<String> said = LocalCluster.of(2).call(comm -> {
            try {
                run(comm, new String[] {"kmeans", "--data", other.toString(), "--k", "3", "--tol", "0"}, 8, out,
                        dir.resolve("b.jsonl"), ckpt, 2, quiet);
                return "trained";
            } catch (RuntimeException e) {
                assertEquals(TrainMain.USAGE, TrainMain.exitCode(e));
                return (dev.concord.runtime.EchoedFailure.isEcho(e) ? "echo: " : "") + e.getMessage();
            }
        });
        String expected = "checkpoint step 6 in " + ckpt + " was written for " + lines.size() + " data rows, but "
                + other + " has 100: resume it with the data it was trained on, or use another --checkpoint-dir";
        assertEquals(List.of(expected, "echo: " + expected), said);
        assertFalse(Files.exists(out));
        assertEquals(before.keySet(), files(ckpt).keySet());
    }

    @Test
    void shouldRefuseACheckpointPastTheIterationLimitBeforeResumingFromIt() throws Exception {
        Path ckpt = dir.resolve("ckpt-past");
        String[] job = {"kmeans", "--data", IRIS, "--k", "3", "--tol", "0"};
        run(2, job, 6, dir.resolve("a.npz"), dir.resolve("a.jsonl"), ckpt, 3);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(text, true, StandardCharsets.UTF_8);
        Path metrics = dir.resolve("b.jsonl");
        List<String> said = LocalCluster.of(2).call(comm -> {
            try {
                run(comm, job, 4, dir.resolve("b.npz"), metrics, ckpt, 3, log);
                return "trained";
            } catch (RuntimeException e) {
                assertEquals(TrainMain.USAGE, TrainMain.exitCode(e));
                return (dev.concord.runtime.EchoedFailure.isEcho(e) ? "echo: " : "") + e.getMessage();
            }
        });
        String expected = "the newest checkpoint is at iteration 6, past --iterations 4: pass --iterations 6 or more "
                + "to continue from it, or another --checkpoint-dir to start afresh";
        assertEquals(List.of(expected, "echo: " + expected), said);
        String logged = text.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains("resumed from"), "nothing was resumed: " + logged);
        assertTrue(!Files.exists(metrics) || Files.readAllLines(metrics).isEmpty(),
                "the checkpoint's metric lines are not re-emitted for a job that does not run");
    }

    /** Every file under {@code dir} by relative path, with its bytes. */
    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
