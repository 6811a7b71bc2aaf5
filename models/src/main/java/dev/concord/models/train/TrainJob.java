package dev.concord.models.train;

import dev.concord.runtime.Communicator;
import java.io.PrintStream;

/** One parsed {@code train <model>} command: validated before joining the job, then run as one rank. */
public interface TrainJob {
    /** Checks the options; throws {@link IllegalArgumentException} with a one-line reason. */
    void validate();

    /**
     * Trains as rank {@code comm.rank()}, calling {@code hook} at every sync point; rank 0 prints
     * the final metrics to {@code out}.
     */
    TrainingOutcome run(Communicator comm, PrintStream out, CheckpointHook hook);

    /** {@link #run(Communicator, PrintStream, CheckpointHook)} without checkpoints. */
    default TrainingOutcome run(Communicator comm, PrintStream out) {
        return run(comm, out, CheckpointHook.NONE);
    }
}
