package dev.concord.launcher;

import dev.concord.models.train.TrainMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code concord train MODEL -np N [launch options] [model options…]}: {@code run} of the built-in
 * trainer ({@value #MAIN}) with the model and its options passed through. Launch options may
 * appear anywhere; every other argument belongs to the model.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a built-in model (logreg, gmm, kmeans, lda, plsa) on N ranks; without --data, on the demo set"
            + " (not for lda and plsa, which need --data DOCWORD).",
            "Model options (--data, --iterations, --seed, --out, --metrics, --checkpoint-dir, --checkpoint-every, "
                + "--checkpoint-async, --keep, ...) are passed to the trainer; see docs/models.md."})
final class TrainCommand implements Callable<Integer> {
    static final String MAIN = "dev.concord.models.train.TrainMain";

    @Mixin
    LaunchOptions launch;

    @Parameters(index = "0", paramLabel = "MODEL", description = "logreg, gmm, kmeans, lda or plsa.")
    String model;

    @Parameters(index = "1..*", paramLabel = "MODEL_OPTIONS", description = "Options of the model.")
    List<String> modelArgs = new ArrayList<>();

    /** The trainer's arguments: the model, then its options. */
    List<String> trainerArgs() {
        List<String> a = new ArrayList<>();
        a.add(model);
        a.addAll(modelArgs);
        return a;
    }

    @Override
    public Integer call() throws Exception {
        if (!RunCommand.placedByProcessManager(System.getenv())) {
            // checked once here, not by every rank (a rank placed by mpirun or srun checks its own)
            String error = TrainMain.usageError(trainerArgs().toArray(new String[0]));
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
        }
        return RunCommand.launchOrJoin(launch, MAIN, trainerArgs());
    }
}
