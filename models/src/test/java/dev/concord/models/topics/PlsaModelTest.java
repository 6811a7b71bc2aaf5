package dev.concord.models.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.models.testutil.MetricLines;
import dev.concord.models.testutil.ModelArrays;
import dev.concord.models.train.TrainingOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pLSA by EM on the KJV corpus: monotone log-likelihood, the same fit for any world size. */
class PlsaModelTest {
    @TempDir
    Path dir;

    private TrainingOutcome plsa(int np, Path metrics) {
        return LdaModelTest.train(np, "plsa", "--data", LdaModelTest.KJV.toString(), "--k", "8", "--iterations", "25",
                "--seed", "2", "--metrics", metrics.toString()).get(0);
    }

    @Test
    void shouldNeverDecreaseTheLogLikelihood() throws Exception {
        Path metrics = dir.resolve("plsa.jsonl");
        plsa(2, metrics);
        List<String> lines = Files.readAllLines(metrics);
        double[] ll = MetricLines.values(lines, "log_likelihood_per_token");
        assertEquals(25, ll.length);
        for (int i = 1; i < ll.length; i++) {
            assertTrue(ll[i] >= ll[i - 1] - 1e-12 * Math.abs(ll[i]), "iteration " + (i + 1) + ": " + ll[i - 1] + " -> "
                    + ll[i]);
        }
        assertTrue(ll[ll.length - 1] > ll[0] + 0.3, "EM made progress: " + ll[0] + " -> " + ll[ll.length - 1]);
        assertTrue(MetricLines.finalValue(lines, "log_likelihood_per_token") >= ll[ll.length - 1]);
    }

    @Test
    void shouldFitTheSameModelWithOneTwoAndFourRanks() {
        TrainingOutcome one = plsa(1, dir.resolve("1.jsonl"));
        for (int np : new int[] {2, 4}) {
            TrainingOutcome other = plsa(np, dir.resolve(np + ".jsonl"));
            double a = one.result().metric("log_likelihood_per_token");
            double b = other.result().metric("log_likelihood_per_token");
            assertEquals(a, b, 1e-9 * Math.abs(a), "np=" + np);
            ModelArrays.assertClose(one.state().arrays(), other.state().arrays(), 1e-9, "np=" + np);
        }
    }
}
