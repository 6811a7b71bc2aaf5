package dev.concord.launcher;

import dev.concord.checkpoints.CheckpointStore;
import dev.concord.runtime.launch.ExitCodes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code concord checkpoint verify DIR}: checks every step (manifest, sizes, CRC32C); exits
 * {@link ExitCodes#FAILED} when the newest step is invalid or there is none, so scripts can gate on it.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every step's files against its manifest; non-zero status if the newest is invalid.")
final class CheckpointVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Checkpoint directory.")
    Path dir;

    @Override
    public Integer call() {
        CheckpointCommand.requireDirectory(dir);
        List<CheckpointStore.StepStatus> steps = CheckpointStore.scan(dir, null);
        for (CheckpointStore.StepStatus s : steps) {
            System.out.println("step " + s.step() + ": " + (s.valid() ? "ok" : "INVALID: " + s.reason()));
        }
        if (steps.isEmpty()) {
            System.err.println("concord checkpoint verify: no checkpoints in " + dir);
            return ExitCodes.FAILED;
        }
        if (!steps.get(0).valid()) {
            System.err.println("concord checkpoint verify: the newest step (" + steps.get(0).step() + ") is invalid: "
                    + steps.get(0).reason());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
