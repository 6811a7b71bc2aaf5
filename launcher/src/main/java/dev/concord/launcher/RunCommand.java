package dev.concord.launcher;

import dev.concord.runtime.bootstrap.RankIdentity;
import dev.concord.models.train.ProgressReport;
import dev.concord.runtime.launch.JobLauncher;
import dev.concord.runtime.launch.LaunchSpec;
import dev.concord.runtime.launch.OutputSink;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code concord run -np N [options] [--] MAIN_CLASS|JAR [ARGS]}: starts N ranks and supervises
 * them. Inside a rank already placed by Open MPI's mpirun, Slurm's srun or MPICH (their
 * variables are set and {@code CONCORD_RANK} is not), it runs the program in this process as
 * that rank instead of starting new ones. Inside a Slurm allocation but outside a job step (a
 * batch script), it starts the ranks with one {@code srun} step ({@link SrunLaunch}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start N ranks of a Java program, like mpirun.",
            "Output lines are prefixed by [rank]; when one rank fails the others are stopped; the exit status is 0 or"
                + " the first failing rank's status (137 = killed by SIGKILL); 2 = usage error, 124 = --timeout."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    LaunchOptions launch;

    @Parameters(index = "0", paramLabel = "MAIN_CLASS|JAR", description = "Main class (on the class path) or jar to run.")
    String target;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments of the program.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return launchOrJoin(launch, target, args);
    }

    /** Starts the job, or runs {@code mainClass} in-process when a process manager already placed this rank. */
    static int launchOrJoin(LaunchOptions launch, String mainClass, List<String> args) throws Exception {
        if (placedByProcessManager(System.getenv())) {
            if (mainClass.endsWith(".jar")) {
                throw new IllegalArgumentException("under a process manager, give a main class, not a jar");
            }
            try {
                Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) args.toArray(new String[0]));
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
            }
            return 0;
        }
        if (SrunLaunch.applies(System.getenv(), launch.hostList != null || launch.hostfile != null)) {
            return SrunLaunch.run(launch.toSpec(mainClass, args), launch.tagOutput);
        }
        LaunchSpec spec = launch.toSpec(mainClass, args);
        launch.checkLocalRanks(spec);
        OutputSink sink = OutputSink.prefixed(launch.tagOutput);
        if (!ProgressBarSink.wanted(System.getenv(), System.console() != null)) {
            return new JobLauncher(spec, sink, null).run().exitCode();
        }
        try (ProgressBarSink bar = new ProgressBarSink(sink, System.out)) {
            return new JobLauncher(spec.withEnv(ProgressReport.RECORDS_VARIABLE, "1"), bar, null).run().exitCode();
        }
    }

    /**
     * True when {@code env} is that of a rank a process manager started (mpirun, srun, Hydra). A
     * Slurm batch script is not: it has a job id but no step (see {@link RankIdentity#inSlurmStep}).
     */
    static boolean placedByProcessManager(java.util.Map<String, String> env) {
        String source = RankIdentity.managerOf(env);
        return source != null && !source.equals("concord") && !source.equals("standalone");
    }
}
