package dev.concord.models.train;

import dev.concord.checkpoints.Json;
import dev.concord.checkpoints.JsonObject;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.models.testutil.Reference;
import dev.concord.runtime.testkit.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainMainTest {
    @TempDir
    Path dir;

    private static final String BREAST = Reference.DATA.resolve("classification/breast_cancer.libsvm").toString();
    private static final String IRIS = Reference.DATA.resolve("gmm/iris.csv").toString();

    static List<TrainingOutcome> train(int np, String... args) {
        return LocalCluster.of(np).call(comm -> TrainMain.parse(args).run(comm,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    @Test
    void shouldParseModelOptionsWithoutRunning() {
        TrainJob job = TrainMain.parse("logreg", "--data", "x.libsvm", "--C", "10", "--solver", "local-sgd",
                "--average-every", "4", "--hash-features", "1024", "--seed", "5");
        LogRegCommand lr = assertInstanceOf(LogRegCommand.class, job);
        assertEquals(10.0, lr.c);
        assertEquals(4, lr.averageEvery);
        assertEquals(1024, lr.hashFeatures);
        assertEquals(5, lr.common.seed);
        GmmCommand gmm = assertInstanceOf(GmmCommand.class, TrainMain.parse("gmm", "--k", "4", "--covariance", "diag",
                "--init", "evenly-spaced-rows", "--n-init", "3", "--reg-covar", "1e-4"));
        assertEquals(4, gmm.k);
        assertEquals(3, gmm.nInit);
        assertInstanceOf(KMeansCommand.class, TrainMain.parse("kmeans", "--k", "2"));
        assertTrue(assertInstanceOf(GmmCommand.class, TrainMain.parse("gmm", "--reproducible")).common.reproducible);
        assertFalse(lr.common.reproducible);
        LdaCommand lda = assertInstanceOf(LdaCommand.class, TrainMain.parse("lda", "--data", "d.txt", "--k", "7",
                "--alpha", "0.5", "--beta", "0.2", "--eval-every", "10", "--vocab", "v.txt"));
        assertEquals(7, lda.topics.k);
        assertEquals(0.5, lda.alpha);
        assertEquals(0.2, lda.beta);
        assertEquals(10, lda.evalEvery);
        assertEquals(Path.of("v.txt"), lda.topics.vocab);
        assertEquals(3, assertInstanceOf(PlsaCommand.class, TrainMain.parse("plsa", "--data", "d.txt", "--k", "3"))
                .topics.k);
    }

    @Test
    void shouldRejectBadUsageWithOneLineReason() {
        String[][] bad = {{}, {"svm"}, {"logreg", "--C", "-1"}, {"logreg", "--solver", "newton"},
            {"logreg", "--hash-features", "1000"}, {"gmm", "--covariance", "tied"}, {"kmeans", "--k", "zero"},
            {"gmm", "--init", "random"}, {"lda"}, {"lda", "--data", "d.txt", "--alpha", "0"},
            {"lda", "--data", "d.txt", "--eval-every", "0"}, {"plsa", "--data", "d.txt", "--k", "0"},
            {"lda", "--data", "d.csv", "--format", "csv"}, {"plsa", "--data", "d.txt", "--test-data", "t.txt"},
            {"gmm", "--n-init", "2", "--checkpoint-dir", "ck"}, {"kmeans", "--n-init", "3", "--checkpoint-dir", "ck"},
            {"logreg", "--data", "d.libsvm", "--format", "bow"}, {"gmm", "--data", "kjv.docword.txt"},
            {"kmeans", "--data", "d.csv", "--format", "bow"}};
        for (String[] args : bad) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = TrainMain.execute(args, () -> {
                throw new AssertionError("must not join the job on a usage error");
            }, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            String msg = err.toString(StandardCharsets.UTF_8).trim();
            assertEquals(TrainMain.USAGE, code, String.join(" ", args));
            assertTrue(msg.startsWith("concord train: ") && !msg.contains("\n"), msg);
            assertEquals(msg, "concord train: " + TrainMain.usageError(args), "the launcher's check says the same");
        }
        assertEquals("unknown model 'svm': logreg, gmm, kmeans, lda or plsa", TrainMain.usageError("svm", "-np", "2"));
        assertEquals(null, TrainMain.usageError("gmm", "--k", "3"));
        assertEquals(null, TrainMain.usageError("gmm", "--help"));
        assertEquals(null, TrainMain.usageError("--help"));
    }

    @Test
    void shouldWriteMetricsLinesModelFileAndPredictTheSame() throws Exception {
        Path metrics = dir.resolve("m.jsonl");
        Path model = dir.resolve("lr.npz");
        List<TrainingOutcome> out = train(2, "logreg", "--data", BREAST, "--test-data", BREAST, "--metrics",
                metrics.toString(), "--out", model.toString());
        List<String> lines = Files.readAllLines(metrics);
        assertTrue(lines.size() > 5);
        assertTrue(lines.get(0).startsWith("{\"iteration\":1,\"objective\":"), lines.get(0));
        for (String key : new String[] {"log_loss", "accuracy", "wall_time_s", "allreduce_time_s"}) {
            assertTrue(lines.get(0).contains("\"" + key + "\":"), key);
        }
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("\"final\":true") && last.contains("\"test_log_loss\":")
                && last.contains("\"test_accuracy\":"), last);
        assertEquals(out.get(0).finalLine(), last);
        ModelFile file = ModelFile.read(model);
        assertEquals("logreg", file.setting("model"));
        assertEquals("30", file.setting("features"));
        assertArrayEquals(new long[] {1, 30}, file.state().get("coef").shape());
        Path predictions = dir.resolve("pred.txt");
        List<String> scored = LocalCluster.of(3).call(comm ->
                PredictMain.run(file, Path.of(BREAST), predictions, Collectives.of(comm)));
        double accuracy = Double.parseDouble(Json.field(scored.get(0), "accuracy"));
        assertEquals(out.get(0).result().metric("accuracy"), accuracy, 1e-12);
        assertEquals(569, Files.readAllLines(predictions).size());
    }

    @Test
    void shouldTrainEveryModelOnTheDemoDataWithoutFiles() {
        for (String model : new String[] {"gmm", "kmeans", "logreg"}) {
            List<TrainingOutcome> out = model.equals("logreg") ? train(4, model, "--iterations", "50")
                    : train(4, model, "--k", "3", "--iterations", "50");
            for (TrainingOutcome o : out) {
                assertEquals(out.get(0).finalLine().replaceAll("\"(wall|allreduce)_time_s\":[^,}]*", ""),
                        o.finalLine().replaceAll("\"(wall|allreduce)_time_s\":[^,}]*", ""));
            }
            assertFalse(Double.isNaN(out.get(0).result().metricValues()[0]), model);
        }
    }

    @Test
    void shouldTrainWithMoreRanksThanRows() throws Exception {
        Path tiny = Files.writeString(dir.resolve("tiny.csv"), "0,1,2\n1,-1,-2\n0,1.5,2\n");
        List<TrainingOutcome> km = train(5, "kmeans", "--data", tiny.toString(), "--k", "2", "--format", "csv");
        assertEquals(0.125, km.get(4).result().metric("inertia"), 1e-12);
        List<TrainingOutcome> lr = train(5, "logreg", "--data", tiny.toString(), "--format", "csv");
        assertEquals(1.0, lr.get(3).result().metric("accuracy"));
    }

    @Test
    void shouldReportBadDataAsFailureNamingTheLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "1,2\n3,x\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainMain.execute(new String[] {"kmeans", "--data", bad.toString(), "--k", "1"},
                () -> dev.concord.runtime.bootstrap.Concord.connect(
                        dev.concord.runtime.bootstrap.RankIdentity.fromEnvironment(java.util.Map.of()),
                        dev.concord.runtime.RuntimeOptions.fromEnvironment(java.util.Map.of())),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(TrainMain.DATA_ERROR, code, "bad data: no restart would help");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bad.csv:2: bad number 'x'"), err.toString());
    }

    @Test
    void shouldPrintAFailureEveryRankSharesOnceFromTheRankThatFoundIt() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(',').append(i % 7).append('\n');
        }
        csv.append("1,x\n"); // line 201, in rank 1's half
        Path bad = Files.writeString(dir.resolve("late.csv"), csv);
        List<String> results = LocalCluster.of(2).call(comm -> {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = TrainMain.execute(new String[] {"kmeans", "--data", bad.toString(), "--k", "1"}, () -> comm,
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            return code + "|" + err.toString(StandardCharsets.UTF_8).strip();
        });
        assertEquals(TrainMain.DATA_ERROR + "|", results.get(0), "rank 0 only echoes rank 1's failure, same status");
        assertTrue(results.get(1).startsWith(TrainMain.DATA_ERROR + "|concord train: rank 1: " + bad + ":201: bad number 'x'"),
                results.get(1));
    }

    @Test
    void shouldRefuseAnObjectiveBeyondDoublePrecisionInsteadOfCallingTheStartPointConverged() {
        // with --C 1e300 the squared gradient norm overflows: the first step was 0, the line search
        // "stalled" and the untrained model (log-loss ln 2) was reported as converged
        String[] job = {"logreg", "--data", BREAST, "--C", "1e300"};
        List<String> results = LocalCluster.of(2).call(comm -> {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = TrainMain.execute(job, () -> comm, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return code + "|" + err.toString(StandardCharsets.UTF_8).strip();
        });
        assertTrue(results.get(0).startsWith(TrainMain.USAGE + "|concord train: rank 0: L-BFGS cannot start: at the "
                + "initial point J = "), results.get(0));
        assertTrue(results.get(0).endsWith("lower --C or scale the features down (--feature-scale)"), results.get(0));
        assertEquals(TrainMain.USAGE + "|", results.get(1), "rank 1 reaches it alike; rank 0 reports it");
    }

    @Test
    void shouldPrintAModelFailureEveryRankReachesOnceFromRankZero() throws Exception {
        Path three = Files.writeString(dir.resolve("three.csv"), "1,2\n3,4\n5,6\n");
        Path same = Files.writeString(dir.resolve("same.csv"), "1,2\n1,2\n1,2\n1,2\n");
        String[][] jobs = {
            {"kmeans", "--data", three.toString(), "--k", "5"}, // too few rows for k
            {"gmm", "--data", same.toString(), "--k", "2", "--reg-covar", "0"}, // kmeans++ init: singular covariance
            {"gmm", "--data", same.toString(), "--k", "2", "--reg-covar", "0", "--init", "evenly-spaced-rows"},
        };
        for (String[] job : jobs) {
            // three ranks: were a shared failure ended with an abort, the first rank to fail could
            // overtake the last messages of the collective before it at a third rank, which would
            // then print "rank N aborted: ..." (TrainMain closes instead)
            List<String> results = LocalCluster.of(3).call(comm -> {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = TrainMain.execute(job, () -> comm, new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                return code + "|" + err.toString(StandardCharsets.UTF_8).strip();
            });
            String job0 = String.join(" ", job);
            assertTrue(results.get(0).matches("\\d+\\|concord train: rank 0: .*(cannot seed|not positive definite).*"),
                    job0 + ": " + results.get(0));
            String code = results.get(0).substring(0, results.get(0).indexOf('|'));
            assertEquals(String.valueOf(TrainMain.USAGE), code,
                    job0 + ": the options do not fit the data; a restart would fail alike");
            assertEquals(List.of(code + "|", code + "|"), results.subList(1, 3),
                    job0 + ": only rank 0 prints it; every rank exits with its status");
        }
    }

    @Test
    void shouldCheckLdaTestDocumentsBeforeTraining() throws Exception {
        Path train = Files.writeString(dir.resolve("train.docword.txt"), "3\n5\n6\n1 1 2\n1 3 1\n2 2 4\n2 5 1\n3 1 1\n3 4 2\n");
        Path test = Files.writeString(dir.resolve("test.docword.txt"), "2\n4\n3\n1 1 2\n1 3 1\n2 4 1\n");
        Path metrics = dir.resolve("lda.jsonl");
        List<String> results = LocalCluster.of(2).call(comm -> {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = TrainMain.execute(new String[] {"lda", "--data", train.toString(), "--test-data", test.toString(),
                "--k", "2", "--iterations", "3", "--metrics", metrics.toString()}, () -> comm,
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            return code + "|" + err.toString(StandardCharsets.UTF_8).strip();
        });
        assertEquals(TrainMain.DATA_ERROR + "|concord train: rank 0: " + test + ": vocabulary size 4 differs from the"
                + " training data's 5", results.get(0));
        assertEquals(TrainMain.DATA_ERROR + "|", results.get(1), "rank 1 only echoes it");
        assertEquals("", Files.readString(metrics), "no iteration ran");
    }

    @Test
    void shouldExitWithPeerFailedWhenAnotherRankDies() {
        // A survivor exiting 1 would look like a cause of its own: a launcher then names it, not
        // the rank that hung or died, as the reason the job failed.
        List<Integer> codes = LocalCluster.of(2).call(comm -> {
            if (comm.rank() == 1) {
                comm.abort("simulated crash");
                return -1;
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            return TrainMain.execute(new String[] {"kmeans", "--data", IRIS, "--k", "3"}, () -> comm,
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        });
        assertEquals(dev.concord.runtime.launch.ExitCodes.PEER_FAILED, codes.get(0));
        assertEquals(TrainMain.PEER_FAILED, TrainMain.exitCode(new IllegalStateException("wrapped",
                new dev.concord.runtime.PeerFailedException(3, "rank 3 failed"))));
        assertEquals(TrainMain.FAILED, TrainMain.exitCode(new IllegalStateException("bad data")));
        assertEquals(TrainMain.DATA_ERROR, TrainMain.exitCode(new dev.concord.models.data.DataFormatException("f:3: x")));
    }

    @Test
    void shouldReportATruncatedGzipFileInOneLineWithoutNull() throws Exception {
        Path cut = Files.write(dir.resolve("trunc.libsvm.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0});
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainMain.execute(new String[] {"logreg", "--data", cut.toString()},
                () -> dev.concord.runtime.bootstrap.Concord.connect(
                        dev.concord.runtime.bootstrap.RankIdentity.fromEnvironment(java.util.Map.of()),
                        dev.concord.runtime.RuntimeOptions.fromEnvironment(java.util.Map.of())),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(TrainMain.DATA_ERROR, code);
        assertEquals("concord train: rank 0: " + cut + ": not a complete gzip file (unexpected end of the compressed"
                + " data)", err.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void shouldNeverGiveNullAsTheReason() {
        assertEquals("NullPointerException", TrainMain.reason(new NullPointerException()));
        assertEquals("IllegalStateException: EOFException",
                TrainMain.reason(new IllegalStateException((String) null, new java.io.EOFException())));
        assertEquals("bad", TrainMain.reason(new IllegalStateException("bad")));
    }

    @Test
    void shouldPrintFinalMetricsOnRankZeroOnly() {
        ByteArrayOutputStream[] outs = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        LocalCluster.of(2).run(comm -> TrainMain.parse("kmeans", "--data", IRIS, "--k", "3")
                .run(comm, new PrintStream(outs[comm.rank()], true, StandardCharsets.UTF_8)));
        assertTrue(outs[0].toString(StandardCharsets.UTF_8).contains("\"inertia\":"), outs[0].toString());
        assertEquals("", outs[1].toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectPredictUsageWithOneLineReason() {
        for (String[] args : new String[][] {{}, {"m.npz"}, {"m.npz", "--data"}, {"m.npz", "--data", "x", "--bogus"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = PredictMain.execute(args, () -> {
                throw new AssertionError("must not join the job on a usage error");
            }, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            String msg = err.toString(StandardCharsets.UTF_8).trim();
            assertEquals(TrainMain.USAGE, code, String.join(" ", args));
            assertTrue(msg.startsWith("concord predict: ") && !msg.contains("\n"), msg);
        }
    }

    /** Every rank's failure message ("no failure" if it finished), counting the sync points the ranks reached. */
    private static List<String> failures(int np, AtomicInteger syncPoints, String... args) {
        return LocalCluster.of(np).call(comm -> {
            try {
                TrainMain.parse(args).run(comm, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        (progress, model) -> syncPoints.incrementAndGet());
                return "no failure";
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        });
    }

    /** The first 50 lines of breast_cancer, with the label of line {@code line} (1-based; 0: none) set to 5. */
    private Path breastHead(String name, int line) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(BREAST)).subList(0, 50));
        if (line > 0) {
            lines.set(line - 1, "5" + lines.get(line - 1).substring(lines.get(line - 1).indexOf(' ')));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void shouldTakeClassesFromTheTrainingDataAndRejectAnUnknownTestLabelBeforeTraining() throws Exception {
        Path model = dir.resolve("lr.npz");
        train(2, "logreg", "--data", BREAST, "--test-data", breastHead("clean.libsvm", 0).toString(),
                "--iterations", "5", "--out", model.toString());
        assertEquals("2", ModelFile.read(model).setting("classes"));
        Path lab5 = breastHead("lab5.libsvm", 7);
        String expected = lab5 + ":7: label '5' is not one of the training data's classes (0, 1)";
        AtomicInteger syncPoints = new AtomicInteger();
        for (String m : failures(2, syncPoints, "logreg", "--data", BREAST, "--test-data", lab5.toString(),
                "--iterations", "5")) {
            assertEquals(expected, m);
        }
        assertEquals(0, syncPoints.get(), "failed before training");
        ModelFile file = ModelFile.read(model);
        for (String m : LocalCluster.of(2).call(comm -> {
            try {
                return PredictMain.run(file, lab5, null, Collectives.of(comm));
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        })) {
            assertEquals(expected, m, "predict names the file line too");
        }
    }

    @Test
    void shouldNameTheTrainingDataWidthNotAnOptionNeverGivenForAWiderTestFile() throws Exception {
        Path wide = Files.writeString(dir.resolve("wide.libsvm"), "1 1:1 31:2\n");
        AtomicInteger syncPoints = new AtomicInteger();
        for (String m : failures(2, syncPoints, "logreg", "--data", BREAST, "--test-data", wide.toString())) {
            // Before: "feature index 31 is beyond --features 30", though no --features was given.
            assertEquals(wide + ":1: feature index 31 is beyond the model's 30 features", m);
        }
        assertEquals(0, syncPoints.get(), "failed before training");
    }

    @Test
    void shouldFailBeforeTrainingWhenTheModelOrMetricsFileCannotBeWritten() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path target = notADirectory.resolve("m.out");
        for (String option : new String[] {"--out", "--metrics"}) {
            AtomicInteger syncPoints = new AtomicInteger();
            for (String m : failures(2, syncPoints, "kmeans", "--data", IRIS, "--k", "3", option, target.toString())) {
                assertEquals("cannot write " + target + ": not a directory", m, option);
            }
            assertEquals(0, syncPoints.get(), option + ": failed before training");
        }
        Path fresh = dir.resolve("new").resolve("km.npz");
        train(2, "kmeans", "--data", IRIS, "--k", "3", "--iterations", "3", "--out", fresh.toString());
        try (var files = Files.list(fresh.getParent())) {
            assertEquals(List.of(fresh), files.toList(), "the directory is created and the check leaves no file");
        }
    }

    @Test
    void shouldFailOnMissingDataFile() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> train(1, "gmm", "--data", "nope.csv"));
        assertTrue(String.valueOf(e.getCause()).contains("nope.csv: no such file"), String.valueOf(e.getCause()));
    }
}
