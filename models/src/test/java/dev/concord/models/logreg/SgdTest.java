package dev.concord.models.logreg;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SGD and local SGD get close to the L-BFGS optimum of breast_cancer (objective 37.759 at C = 1). */
class SgdTest {

    static TrainingResult fit(Solver solver, int np, int hashBits, int epochs) {
        return LocalCluster.of(np).call(comm -> {
            Collectives coll = Collectives.of(comm);
            Shard shard = DataReader.read(Reference.DATA.resolve("classification/breast_cancer.libsvm"),
                    DataOptions.of(DataFormat.LIBSVM).withHashBits(hashBits), coll);
            LogRegConfig config = new LogRegConfig(1.0, 0, 16, 0.5, 4, 11);
            TrainingLoop loop = new TrainingLoop(coll, epochs, MetricsSink.discard(), CheckpointHook.NONE,
                    ProgressReport.NONE, System::nanoTime);
            return LogRegTrainer.fit(shard, 2, solver, config, loop, coll).result();
        }).get(0);
    }

    @ParameterizedTest(name = "{0} np={1}")
    @CsvSource({"SGD, 1", "SGD, 3", "LOCAL_SGD, 2", "LOCAL_SGD, 4"})
    void shouldApproachTheOptimum(Solver solver, int np) {
        TrainingResult r = fit(solver, np, 0, 60);
        double optimum = Reference.load("breast_cancer").number("results", "C=1", "optimum", "objective");
        System.out.printf("%s np=%d: objective %.6f vs optimum %.6f, accuracy %.4f%n", solver, np,
                r.metric("objective"), optimum, r.metric("accuracy"));
        assertTrue(r.metric("objective") <= optimum * 1.05, "objective " + r.metric("objective"));
        assertTrue(r.metric("accuracy") >= 0.975, "accuracy " + r.metric("accuracy"));
    }

    @ParameterizedTest(name = "hash 2^{0}")
    @CsvSource({"4", "8"})
    void shouldLearnThroughHashedFeatures(int bits) {
        TrainingResult r = fit(Solver.SGD, 2, bits, 30);
        assertTrue(r.metric("accuracy") >= 0.9, "accuracy " + r.metric("accuracy") + " with 2^" + bits + " columns");
    }
}
