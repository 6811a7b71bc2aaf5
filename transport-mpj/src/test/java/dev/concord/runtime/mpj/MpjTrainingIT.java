package dev.concord.runtime.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.concord.models.train.TrainMain;
import dev.concord.runtime.launch.ExitCodes;
import dev.concord.runtime.testkit.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model trained over MPJ is the model trained over TCP: same world size, same algorithm, so
 * the final objective must be bitwise equal (Concord's determinism guarantee).
 */
class MpjTrainingIT {
    private static final String DATA = Path.of("../../shared/data/classification/breast_cancer.libsvm").toString();

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void shouldTrainLogisticRegressionToTheSameModelAsOverTcp(int np) {
        assertEquals(finalLine(np, "tcp"), finalLine(np, "mpj"));
    }

    private static String finalLine(int np, String transport) {
        ProcessCluster.Result r = ProcessCluster.of(np, TrainMain.class).env("CONCORD_TRANSPORT", transport)
                .args("logreg", "--data", DATA).timeout(Duration.ofSeconds(90)).run();
        assertEquals(ExitCodes.OK, r.exitCode(), r.transcript());
        ProcessCluster.Line last = r.first(0, "\"final\":true");
        assertNotNull(last, r.transcript());
        // wall-clock fields differ between runs; everything before them must not
        return last.text().replaceAll(",\"wall_time_s\".*", "");
    }
}
