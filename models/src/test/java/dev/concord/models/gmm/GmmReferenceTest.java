package dev.concord.models.gmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.DataReader;
import dev.concord.models.data.Shard;
import dev.concord.models.kmeans.InitMethod;
import dev.concord.models.testutil.MetricLines;
import dev.concord.models.testutil.Reference;
import dev.concord.models.train.CheckpointHook;
import dev.concord.models.train.MetricsSink;
import dev.concord.models.train.ProgressReport;
import dev.concord.models.train.Restarts;
import dev.concord.models.train.TrainingLoop;
import dev.concord.runtime.testkit.LocalCluster;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EM against scikit-learn: the fixed-start trace to 1e-8 and the best of 20 k-means++ starts. */
class GmmReferenceTest {

    record Run(double[] trace, double best) {
    }

    static Run fit(String name, CovarianceType type, InitMethod init, int nInit, int iterations, double tol, int np) {
        Reference ref = Reference.load(name);
        int k = (int) ref.number("k");
        GmmConfig config = new GmmConfig(k, type, 1e-6, tol, init, 10_000);
        List<Run> runs = LocalCluster.of(np).call(comm -> {
            Collectives coll = Collectives.of(comm);
            Shard shard = DataReader.read(Reference.DATA.resolve("gmm/" + name + ".csv"),
                    DataOptions.of(DataFormat.CSV), coll);
            MetricsSink sink = MetricsSink.inMemory();
            TrainingLoop loop = new TrainingLoop(coll, iterations, sink, CheckpointHook.NONE, ProgressReport.NONE,
                    System::nanoTime);
            Restarts.Fit fit = GmmTrainer.fit(shard, config, nInit, 7, loop, coll);
            double[] perIteration = MetricLines.values(sink.lines(), "avg_log_likelihood");
            double[] trace = java.util.Arrays.copyOf(perIteration, perIteration.length + 1);
            trace[perIteration.length] = fit.result().metric("avg_log_likelihood");
            return new Run(trace, fit.result().metric("avg_log_likelihood"));
        });
        for (Run r : runs) {
            assertEquals(runs.get(0).best(), r.best(), 0.0, "ranks agree bitwise");
        }
        return runs.get(0);
    }

    @ParameterizedTest(name = "{0} {1} np={2}")
    @CsvSource({"faithful, full, 1", "faithful, diag, 2", "iris, full, 1", "iris, full, 2", "iris, full, 4",
        "iris, diag, 3"})
    void shouldReproduceTheFixedStartTrace(String name, String cov, int np) {
        CovarianceType type = CovarianceType.parse(cov);
        double[] expected = Reference.load(name).numbers("gmm", cov, "fixed_init", "avg_log_likelihood_trace");
        Run run = fit(name, type, InitMethod.EVENLY_SPACED_ROWS, 1, expected.length - 1, 0.0, np);
        assertEquals(expected.length, run.trace().length);
        double worst = 0;
        for (int t = 0; t < expected.length; t++) {
            double rel = Math.abs(run.trace()[t] - expected[t]) / Math.abs(expected[t]);
            worst = Math.max(worst, rel);
            assertTrue(rel <= 1e-8, "iteration " + t + ": " + run.trace()[t] + " vs " + expected[t] + " rel " + rel);
            if (t > 0) {
                assertTrue(run.trace()[t] >= run.trace()[t - 1] - 1e-12, "log-likelihood decreased at " + t);
            }
        }
        System.out.printf("%s %s np=%d fixed-start trace: worst rel error %.2e%n", name, cov, np, worst);
    }

    @ParameterizedTest(name = "{0} {1} np={2}")
    @CsvSource({"faithful, full, 2", "faithful, diag, 1", "iris, full, 1", "iris, full, 3", "iris, diag, 2"})
    void shouldReachTheBestOfTwentyStarts(String name, String cov, int np) {
        double expected = Reference.load(name).number("gmm", cov, "best_of_n_init", "avg_log_likelihood");
        Run run = fit(name, CovarianceType.parse(cov), InitMethod.KMEANS_PLUS_PLUS, 20, 1000, 1e-6, np);
        System.out.printf("%s %s np=%d best of 20: %.10f vs reference %.10f%n", name, cov, np, run.best(), expected);
        assertTrue(run.best() >= expected - 1e-3, run.best() + " < " + expected + " - 1e-3");
    }
}
