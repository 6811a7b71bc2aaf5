package dev.concord.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code concord checkpoint list|verify|inspect}: look at a checkpoint directory without running a job. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "List, verify or inspect checkpoints (format: docs/checkpoint-format.md).",
        subcommands = {CheckpointListCommand.class, CheckpointVerifyCommand.class, CheckpointInspectCommand.class,
            CommandLine.HelpCommand.class})
final class CheckpointCommand {
    private CheckpointCommand() {
    }

    /** Fails with a one-line reason unless {@code dir} is an existing directory. */
    static void requireDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
    }
}
