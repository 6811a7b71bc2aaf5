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
import dev.concord.models.train.TrainingLoop;
import dev.concord.models.train.TrainingResult;
import dev.concord.runtime.testkit.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** L-BFGS reaches scikit-learn's polished optimum on every shared classification set. */
class LbfgsReferenceTest {

    static TrainingResult fit(Path file, double scale, double c, double tol, int np) {
        List<TrainingResult> results = LocalCluster.of(np).call(comm -> {
            Collectives coll = Collectives.of(comm);
            Shard shard = DataReader.read(file, DataOptions.of(DataFormat.LIBSVM).withScale(scale), coll).compact();
            LogisticKernel kernel = new LogisticKernel(shard.numClasses(), shard.features().cols());
            LbfgsModel model = new LbfgsModel(shard, kernel, LogRegConfig.lbfgs(c, tol));
            return new TrainingLoop(coll, 2000, MetricsSink.discard(), CheckpointHook.NONE, System::nanoTime)
                    .run(model, null);
        });
        for (TrainingResult r : results) {
            assertEquals(results.get(0).metric("objective"), r.metric("objective"), 0.0, "ranks agree bitwise");
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
        TrainingResult r = fit(Reference.DATA.resolve("classification").resolve(file), scale,
                Double.parseDouble(c), 1e-7, np);
        double objective = ref.number("results", key, "optimum", "objective");
        double rel = Math.abs(r.metric("objective") - objective) / objective;
        System.out.printf("%s %s np=%d: objective %.12g vs %.12g (rel %.2e) in %d iterations%n",
                name, key, np, r.metric("objective"), objective, rel, r.iterations());
        assertTrue(rel <= 1e-6, "objective " + r.metric("objective") + " vs " + objective + ": rel " + rel);
        assertEquals(ref.number("results", key, "optimum", "train_mean_log_loss"), r.metric("log_loss"), 5e-5);
        assertEquals(ref.number("results", key, "optimum", "train_accuracy"), r.metric("accuracy"), 5e-5);
    }
}
