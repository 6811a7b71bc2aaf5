package dev.concord.launcher;

import dev.concord.runtime.ConcordException;
import dev.concord.runtime.launch.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code concord}: the top command. Lists the subcommands; maps exceptions to exit codes. */
@Command(name = "concord", mixinStandardHelpOptions = true, version = "concord 0.1.0",
        description = "MPI-style AllReduce training runtime for the JVM.",
        subcommands = {RunCommand.class, TrainCommand.class, PredictCommand.class, CheckpointCommand.class,
            InfoCommand.class, BenchCommand.class, PlotCommand.class, LdaTopicsCommand.class,
            CommandLine.HelpCommand.class})
public final class ConcordCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Parses and runs {@code args}; returns the exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line (tests parse with it without running). */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new ConcordCli());
        giveVersion(cmd, cmd.getCommandSpec().version());
        // everything after the program's name belongs to the program
        cmd.getSubcommands().get("run").setStopAtPositional(true);
        // options train and predict do not know belong to the model / the predictor
        cmd.getSubcommands().get("train").setUnmatchedOptionsArePositionalParams(true);
        cmd.getSubcommands().get("predict").setUnmatchedOptionsArePositionalParams(true);
        cmd.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException) {
                // a bad option value, or a file named on the command line that cannot be read or written
                line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            if (ex instanceof ConcordException) {
                line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                return ExitCodes.LAUNCH_FAILED;
            }
            throw ex;
        });
        cmd.setParameterExceptionHandler((ex, argv) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName(); // "concord", "concord train", "concord checkpoint list"
            c.getErr().println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
            return ExitCodes.USAGE;
        });
        return cmd;
    }

    /** Every subcommand's {@code -V} prints the top command's version (without it, picocli prints nothing). */
    private static void giveVersion(CommandLine cmd, String[] version) {
        for (CommandLine sub : cmd.getSubcommands().values()) {
            sub.getCommandSpec().version(version);
            giveVersion(sub, version);
        }
    }
}
