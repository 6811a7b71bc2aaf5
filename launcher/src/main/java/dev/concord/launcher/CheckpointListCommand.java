package dev.concord.launcher;

import dev.concord.checkpoints.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code concord checkpoint list DIR}: every step, newest first, with its size and validity (and why not). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the steps in DIR: size, valid or why not.")
final class CheckpointListCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Checkpoint directory (--checkpoint-dir).")
    Path dir;

    @Override
    public Integer call() {
        CheckpointCommand.requireDirectory(dir);
        List<CheckpointStore.StepStatus> steps = CheckpointStore.scan(dir, null);
        if (steps.isEmpty()) {
            System.out.println("no checkpoints in " + dir);
            return 0;
        }
        System.out.printf("%-12s %12s  %s%n", "step", "bytes", "status");
        for (CheckpointStore.StepStatus s : steps) {
            String what = s.valid() ? "valid (" + s.manifest().model() + ", " + s.manifest().worldSize() + " ranks)"
                    : "INVALID: " + s.reason();
            System.out.printf("%-12d %12d  %s%n", s.step(), bytes(s.path()), what);
        }
        return 0;
    }

    static long bytes(Path stepDir) {
        try (var files = Files.list(stepDir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
