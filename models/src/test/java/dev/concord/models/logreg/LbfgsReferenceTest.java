package dev.concord.models.logreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.DataReader;
import dev.concord.models.data.Shard;
import dev.concord.models.testutil.Reference;
import dev.concord.models.train.CheckpointHook;
import dev.concord.models.train.MetricsSink;
import dev.concord.models.train.ProgressReport;
import dev.concord.models.train.TrainingLoop;
import dev.concord.models.train.TrainingResult;
import dev.concord.runtime.testkit.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** L-BFGS reaches scikit-learn's polished optimum on every shared classification set. */
class LbfgsReferenceTest {

    /** A fit's result, the Frobenius norm of its weights, and {log_loss, accuracy} on the test file if any. */
    record Fit(TrainingResult result, double coefNorm, double[] test) {
    }

    static Fit fit(Path file, Path testFile, double scale, double c, double tol, int np) {
        List<Fit> results = LocalCluster.of(np).call(comm -> {
            Collectives coll = Collectives.of(comm);
            DataOptions options = DataOptions.of(DataFormat.LIBSVM).withScale(scale);
            Shard shard = DataReader.read(file, options, coll).compact();
            LogisticKernel kernel = new LogisticKernel(shard.numClasses(), shard.features().cols());
            LbfgsModel model = new LbfgsModel(shard, kernel, LogRegConfig.lbfgs(c, tol));
            TrainingResult r = new TrainingLoop(coll, 2000, MetricsSink.discard(), CheckpointHook.NONE,
                    ProgressReport.NONE, System::nanoTime).run(model, null);
            double norm = 2 * kernel.halfSquaredWeights(model.parameters());
            double[] test = testFile == null ? null : LogRegTrainer.evaluate(
                    DataReader.read(testFile, options.withFeatures(kernel.features()), coll), model.state(), coll);
            return new Fit(r, Math.sqrt(norm), test);
        });
        for (Fit f : results) {
            assertEquals(results.get(0).result().metric("objective"), f.result().metric("objective"), 0.0,
                    "ranks agree bitwise");
        }
        return results.get(0);
    }

    @ParameterizedTest(name = "{0} C={1} np={2}")
    @CsvSource({
        "breast_cancer, breast_cancer.libsvm, 1, 1", "breast_cancer, breast_cancer.libsvm, 1, 2",
        "breast_cancer, breast_cancer.libsvm, 1, 4", "breast_cancer, breast_cancer.libsvm, 0.1, 2",
        "breast_cancer, breast_cancer.libsvm, 10, 3",
        "digits, digits.libsvm, 1, 1", "digits, digits.libsvm, 1, 2", "digits, digits.libsvm, 1, 4",
        "digits, digits.libsvm, 0.1, 2", "digits, digits.libsvm, 10, 2",
        "letter, letter.train.libsvm, 1, 1", "letter, letter.train.libsvm, 1, 2", "letter, letter.train.libsvm, 1, 4",
    })
    void shouldReachTheReferenceOptimum(String name, String file, String c, int np) {
        Reference ref = Reference.load(name);
        double scale = ref.number("feature_scale");
        String key = "C=" + c;
        Path dir = Reference.DATA.resolve("classification");
        Path test = name.equals("letter") && np == 2 ? dir.resolve("letter.test.libsvm") : null;
        Fit fit = fit(dir.resolve(file), test, scale, Double.parseDouble(c), 1e-7, np);
        TrainingResult r = fit.result();
        double objective = ref.number("results", key, "optimum", "objective");
        double rel = Math.abs(r.metric("objective") - objective) / objective;
        System.out.printf("%s %s np=%d: objective %.12g vs %.12g (rel %.2e) in %d iterations%n",
                name, key, np, r.metric("objective"), objective, rel, r.iterations());
        assertTrue(rel <= 1e-6, "objective " + r.metric("objective") + " vs " + objective + ": rel " + rel);
        assertEquals(ref.number("results", key, "optimum", "train_mean_log_loss"), r.metric("log_loss"), 5e-5);
        assertEquals(ref.number("results", key, "optimum", "train_accuracy"), r.metric("accuracy"), 5e-5);
        double norm = ref.number("results", key, "optimum", "coef_frobenius_norm");
        assertEquals(norm, fit.coefNorm(), 1e-5 * norm, "||W||_F");
        if (test != null) {
            assertEquals(ref.number("results", key, "optimum", "test_mean_log_loss"), fit.test()[0], 5e-5);
            assertEquals(ref.number("results", key, "optimum", "test_accuracy"), fit.test()[1], 5e-5);
        }
    }
}
