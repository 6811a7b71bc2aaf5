package dev.concord.models.train;

import dev.concord.models.data.DataFormatException;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.EchoedFailure;
import dev.concord.runtime.PeerFailedException;
import dev.concord.runtime.bootstrap.Concord;
import dev.concord.runtime.launch.ExitCodes;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code train logreg|gmm|kmeans|lda|plsa [options]} as one rank of a job: parses the arguments (usage
 * errors exit 2 with a one-line reason before joining the job), joins the job with {@link
 * Concord#init()}, trains, and exits 0; bad input data exits {@link #DATA_ERROR}, another failed
 * run 1, and a rank that stops because another rank failed {@link #PEER_FAILED}. Exit codes are
 * decided here only ({@link #exitCode}).
 */
@Command(name = "train", description = "Train a built-in model on sharded data.", mixinStandardHelpOptions = true,
        subcommands = {LogRegCommand.class, GmmCommand.class, KMeansCommand.class, LdaCommand.class,
            PlsaCommand.class})
public final class TrainMain {
    /** Success. */
    public static final int OK = 0;
    /** The run failed (bad data, a failed rank, I/O). */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /**
     * This rank stopped because another rank failed ({@link PeerFailedException}): a launcher
     * reports the job's status from a rank whose status is not this one, so that it names the cause.
     */
    public static final int PEER_FAILED = ExitCodes.PEER_FAILED;
    /** Bad input data ({@link DataFormatException}); {@code concord run} does not restart after it. */
    public static final int DATA_ERROR = ExitCodes.DATA_ERROR;

    public static void main(String[] args) {
        System.exit(execute(args, Concord::init, System.out, System.err));
    }

    /** Parses {@code args} into the job they describe; throws IllegalArgumentException with a one-line reason. */
    public static TrainJob parse(String... args) {
        return jobOf(parseArgs(new CommandLine(new TrainMain()), args));
    }

    /**
     * The one-line usage error of {@code args}, or null if they describe a job (or ask for help):
     * what a launcher checks once before it starts ranks that would each report it.
     */
    public static String usageError(String... args) {
        try {
            ParseResult pr = parseArgs(new CommandLine(new TrainMain()), args);
            if (!helpRequested(pr)) {
                jobOf(pr);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static boolean helpRequested(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    private static ParseResult parseArgs(CommandLine cl, String[] args) {
        try {
            return cl.parseArgs(args);
        } catch (ParameterException e) {
            if (args.length > 0 && !args[0].startsWith("-") && !cl.getSubcommands().containsKey(args[0])) {
                throw new IllegalArgumentException("unknown model '" + args[0] + "': logreg, gmm, kmeans, lda or plsa", e);
            }
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static TrainJob jobOf(ParseResult pr) {
        if (pr.subcommand() == null) {
            throw new IllegalArgumentException("missing model: logreg, gmm, kmeans, lda or plsa");
        }
        TrainJob job = (TrainJob) pr.subcommand().commandSpec().userObject();
        job.validate();
        return job;
    }

    /** Runs {@code args} as one rank whose communicator {@code join} supplies; returns the exit code. */
    public static int execute(String[] args, Supplier<Communicator> join, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new TrainMain());
        cl.setOut(new PrintWriter(out, true));
        TrainJob job;
        try {
            ParseResult pr = parseArgs(cl, args);
            if (CommandLine.printHelpIfRequested(pr)) {
                return OK;
            }
            job = jobOf(pr);
        } catch (IllegalArgumentException e) {
            err.println("concord train: " + e.getMessage());
            return USAGE;
        }
        Communicator comm;
        try {
            comm = join.get();
        } catch (RuntimeException e) {
            err.println("concord train: cannot join the job: " + reason(e));
            return FAILED;
        }
        try {
            job.run(comm, out);
            comm.close();
            return OK;
        } catch (RuntimeException e) {
            return failed("concord train", comm, e, err);
        }
    }

    /**
     * Ends a rank's part in a job that failed with {@code e}: prints it unless another rank reports
     * it ({@link EchoedFailure}), then aborts the job, or, when every rank reaches this failure by
     * itself, closes the communicator (an abort could overtake messages a slower rank still needs to
     * reach it). Returns the exit status, the same on every rank for a shared failure: srun reports
     * the highest status of its tasks and mpirun the first, so an echo must not differ from the
     * reporter (with {@link #PEER_FAILED} the job would end 75 there, not 65 or 2).
     */
    static int failed(String command, Communicator comm, RuntimeException e, PrintStream err) {
        if (!EchoedFailure.isEcho(e)) { // the rank that found the problem reports it, once
            err.println(command + ": rank " + comm.rank() + ": " + reason(e));
        }
        if (EchoedFailure.isShared(e)) {
            try {
                comm.close(); // bounded: waits for the others' goodbyes at most min(op timeout, 60 s)
            } catch (RuntimeException closing) {
                // another rank failed meanwhile; this rank's failure stands
            }
        } else {
            comm.abort(e.toString());
        }
        return exitCode(e);
    }

    /** The one-line reason printed for a failure: its message, or its type and cause if it has none (never "null"). */
    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m != null && !m.isBlank()) {
            return m;
        }
        return e.getClass().getSimpleName() + (e.getCause() == null ? "" : ": " + reason(e.getCause()));
    }

    /** The one mapping from failures to exit codes. */
    static int exitCode(Throwable e) {
        if (e instanceof IllegalArgumentException) {
            return USAGE;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PeerFailedException) {
                return PEER_FAILED;
            }
        }
        return e instanceof DataFormatException ? DATA_ERROR : FAILED;
    }
}
