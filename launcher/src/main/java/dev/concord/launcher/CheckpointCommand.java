package dev.concord.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code concord checkpoint list|verify|inspect}: look at a checkpoint directory without running a job. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "List, verify or inspect checkpoints (format: docs/checkpoint-format.md).",
        subcommands = {CheckpointListCommand.class, CheckpointVerifyCommand.class, CheckpointInspectCommand.class,
            CommandLine.HelpCommand.class})
final class CheckpointCommand {
}
