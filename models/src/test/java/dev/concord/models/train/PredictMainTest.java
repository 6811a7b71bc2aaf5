package dev.concord.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.concord.collectives.Collectives;
import dev.concord.runtime.testkit.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictMainTest {
    @TempDir
    Path dir;

    /** A logreg model trained on {@code rows} (LibSVM text) at np = 1, and that data file. */
    private ModelFile trainOn(String rows) throws Exception {
        Path data = Files.writeString(dir.resolve("train.libsvm"), rows);
        Path model = dir.resolve("lr.npz");
        TrainMainTest.train(1, "logreg", "--data", data.toString(), "--iterations", "20", "--out", model.toString());
        return ModelFile.read(model);
    }

    private static List<String> predict(int np, ModelFile model, Path data, Path out) {
        return LocalCluster.of(np).call(comm -> {
            try {
                return PredictMain.run(model, data, out, Collectives.of(comm));
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        });
    }

    @Test
    void shouldWritePredictedLabelsAsTheTrainingFileWritesThem() throws Exception {
        // Before, the file held class ids: 0/1 for -1/+1 data, 0, 2, 6 for labels 1, 3, 7.
        String[][] cases = {{"-1", "1"}, {"1", "3", "7"}, {"0", "2"}};
        for (String[] labels : cases) {
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < labels.length; i++) {
                rows.append(labels[i]).append(" 1:").append(4 * i).append('\n');
                rows.append(labels[i]).append(" 1:").append(4 * i + 1).append('\n');
            }
            ModelFile model = trainOn(rows.toString());
            Path out = dir.resolve("pred.txt");
            predict(3, model, dir.resolve("train.libsvm"), out);
            List<String> expected = new java.util.ArrayList<>();
            for (String l : labels) {
                expected.add(l);
                expected.add(l);
            }
            assertEquals(expected, Files.readAllLines(out), String.join(" ", labels));
        }
    }

    @Test
    void shouldCreateTheOutputDirectoryAndRefuseAnUnwritableOutBeforeReadingTheData() throws Exception {
        ModelFile model = trainOn("0 1:-1\n0 1:-2\n1 1:1\n1 1:2\n");
        Path data = dir.resolve("train.libsvm");
        // Before, a missing directory failed only after scoring ("cannot write …: no such file or directory").
        Path fresh = dir.resolve("new").resolve("sub").resolve("pred.txt");
        predict(2, model, data, fresh);
        assertEquals(List.of("0", "0", "1", "1"), Files.readAllLines(fresh));
        Path target = Files.writeString(dir.resolve("plain-file"), "x").resolve("pred.txt");
        Path missingData = dir.resolve("no-such-data.libsvm");
        for (String m : predict(2, model, missingData, target)) {
            assertEquals("cannot write " + target + ": not a directory", m, "checked before the data is read");
        }
    }
}
