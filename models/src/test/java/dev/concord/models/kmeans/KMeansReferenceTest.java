package dev.concord.models.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.DataReader;
import dev.concord.models.data.Shard;
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

class KMeansReferenceTest {

    static double[] fit(String name, InitMethod init, int nInit, int np) {
        Reference ref = Reference.load(name);
        KMeansConfig config = new KMeansConfig((int) ref.number("k"), init, 0.0, 10_000);
        List<double[]> runs = LocalCluster.of(np).call(comm -> {
            Collectives coll = Collectives.of(comm);
            Shard shard = DataReader.read(Reference.DATA.resolve("gmm/" + name + ".csv"),
                    DataOptions.of(DataFormat.CSV), coll);
            MetricsSink sink = MetricsSink.inMemory();
            TrainingLoop loop = new TrainingLoop(coll, 1000, sink, CheckpointHook.NONE, ProgressReport.NONE,
                    System::nanoTime);
            Restarts.Fit fit = KMeansTrainer.fit(shard, config, nInit, 3, loop, coll);
            double[] trace = MetricLines.values(sink.lines(), "inertia");
            double[] out = java.util.Arrays.copyOf(trace, trace.length + 1);
            out[trace.length] = fit.result().metric("inertia");
            return out;
        });
        return runs.get(0);
    }

    @ParameterizedTest(name = "{0} np={1}")
    @CsvSource({"faithful, 1", "iris, 2", "iris, 4"})
    void shouldReachTheBestInertiaOfFiftyStarts(String name, int np) {
        double expected = Reference.load(name).number("kmeans", "best_of_n_init", "inertia");
        double[] run = fit(name, InitMethod.KMEANS_PLUS_PLUS, 10, np);
        double best = run[run.length - 1];
        System.out.printf("%s np=%d k-means inertia %.10f vs reference %.10f%n", name, np, best, expected);
        assertTrue(best <= expected * 1.001, best + " > " + expected + " * 1.001");
    }

    @ParameterizedTest(name = "{0} np={1}")
    @CsvSource({"faithful, 2", "iris, 1", "iris, 3"})
    void shouldReproduceTheFixedStartLloydTrace(String name, int np) {
        double[] expected = Reference.load(name).numbers("kmeans", "fixed_init", "lloyd_inertia_trace");
        double[] run = fit(name, InitMethod.EVENLY_SPACED_ROWS, 1, np);
        // run: inertia entering each iteration, then the final; Lloyd stops once the centres no longer move
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], run[t], 1e-9 * expected[t], "iteration " + t);
        }
        assertEquals(expected[expected.length - 1], run[run.length - 1], 1e-9 * expected[0]);
    }
}
