package dev.concord.launcher;

import dev.concord.checkpoints.CheckpointStore;
import dev.concord.runtime.launch.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code concord checkpoint verify DIR}: checks every step (manifest, sizes, CRC32C); exits
 * {@link ExitCodes#FAILED} when the newest committed step is invalid or there is none, so scripts can
 * gate on it. A step without a MANIFEST (a write that never finished) does not exist for resume, so
 * it is listed but not judged.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every step's files against its manifest; non-zero status if the newest committed step is invalid.")
final class CheckpointVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Checkpoint directory.")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CheckpointCommand.requireDirectory(dir);
        List<CheckpointStore.StepStatus> steps = CheckpointStore.scan(dir, null);
        CheckpointStore.StepStatus newest = null;
        for (CheckpointStore.StepStatus s : steps) {
            if (!s.committed()) {
                System.out.println("step " + s.step() + ": not committed (a write that did not finish; resume ignores it)");
                continue;
            }
            System.out.println("step " + s.step() + ": " + (s.valid() ? "ok" : "INVALID: " + s.reason()));
            if (newest == null) {
                newest = s;
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        if (newest == null) {
            err.println(spec.qualifiedName() + ": no " + (steps.isEmpty() ? "" : "committed ") + "checkpoints in " + dir);
            return ExitCodes.FAILED;
        }
        if (!newest.valid()) {
            err.println(spec.qualifiedName() + ": the newest step (" + newest.step() + ") is invalid: " + newest.reason());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
