package dev.concord.launcher;

import dev.concord.models.train.PredictMain;
import dev.concord.runtime.bootstrap.Concord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code concord predict MODEL --data FILE [--out FILE]}: scores data with a model file, in this process. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        customSynopsis = "concord predict [-hV] MODEL --data=FILE [--out=FILE]",
        description = "Score a data set with a model file written by 'concord train --out'.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ARGS", description = {"MODEL: model file written by 'concord train --out'.",
        "--data=FILE: data to score.", "--out=FILE: write one prediction per data row here (rank 0)."})
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return PredictMain.execute(args.toArray(new String[0]), Concord::init, System.out, System.err);
    }
}
