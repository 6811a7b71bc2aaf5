package dev.concord.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.concord.checkpoints.npy.NpyArray;
import dev.concord.models.testutil.ModelArrays;
import dev.concord.models.testutil.Reference;
import dev.concord.runtime.testkit.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Must-show 3 with real processes over TCP: np = 1, 2, 4, 7 train the same model — within 1e-9
 * (largest difference over largest magnitude, per array) in the default mode, and the same model
 * file bytes with {@code --reproducible}. Softmax logistic regression on digits (L-BFGS) and a
 * full-covariance Gaussian mixture on iris.
 */
class ReproducibleTrainIT {
    private static final String DIGITS = Reference.DATA.resolve("classification/digits.libsvm").toString();
    private static final String IRIS = Reference.DATA.resolve("gmm/iris.csv").toString();
    private static final String[][] JOBS = {
        {"logreg", "--data", DIGITS, "--feature-scale", "0.0625", "--tol", "1e-13", "--iterations", "2000"},
        {"gmm", "--data", IRIS, "--k", "3", "--n-init", "2", "--seed", "5", "--tol", "0", "--iterations", "60"},
    };

    @TempDir
    Path dir;

    private Path train(int np, String name, String[] job, boolean reproducible) {
        Path out = dir.resolve(name);
        String[] args = java.util.Arrays.copyOf(job, job.length + (reproducible ? 3 : 2));
        args[job.length] = "--out";
        args[job.length + 1] = out.toString();
        if (reproducible) {
            args[job.length + 2] = "--reproducible";
        }
        ProcessCluster.Result r = ProcessCluster.of(np, TrainMain.class).timeout(Duration.ofSeconds(240)).args(args)
                .run();
        assertEquals(0, r.exitCode(), r.transcript());
        return out;
    }

    @ParameterizedTest(name = "reproducible={0}")
    @ValueSource(booleans = {false, true})
    void shouldTrainTheSameModelWithOneTwoFourAndSevenProcesses(boolean reproducible) throws Exception {
        for (String[] job : JOBS) {
            String what = String.join(" ", job) + (reproducible ? " --reproducible" : "");
            Path base = train(1, "np1.npz", job, reproducible);
            Map<String, NpyArray> baseArrays = ModelFile.read(base).state().arrays();
            for (int np : new int[] {2, 4, 7}) {
                Path other = train(np, "np" + np + ".npz", job, reproducible);
                if (reproducible) {
                    assertArrayEquals(Files.readAllBytes(base), Files.readAllBytes(other), what + " np=" + np);
                } else {
                    ModelArrays.assertClose(baseArrays, ModelFile.read(other).state().arrays(), 1e-9,
                            what + " np=" + np);
                }
            }
        }
    }
}
