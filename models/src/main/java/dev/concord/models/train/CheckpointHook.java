package dev.concord.models.train;

/**
 * Called by the {@link TrainingLoop} on every rank: once before the first iteration ({@link
 * #resume}), and at every sync point (after an iteration's update, when all ranks hold the same
 * model). An implementation may read or write checkpoints and use collectives, since every rank
 * calls it at the same points. {@link #NONE} starts from scratch and does nothing.
 */
public interface CheckpointHook {
    /** Starts from scratch and does nothing at sync points. */
    CheckpointHook NONE = (progress, model) -> { };

    /**
     * Where the loop stands: completed iterations, whether the model had converged, and the
     * cumulative wall, AllReduce and checkpoint nanoseconds of training so far (they continue
     * after a resume; checkpoint time is what the training thread spent in {@link #atSyncPoint}).
     */
    record Progress(long iteration, boolean converged, long elapsedNanos, long allreduceNanos,
            long checkpointNanos, long steps) {
        /** A fresh start. */
        public static final Progress START = new Progress(0, false, 0, 0, 0, 0);
    }

    /**
     * Restores {@code model} (built as for a fresh start) from the newest usable checkpoint and
     * returns its progress, or returns {@link Progress#START} and leaves the model alone.
     */
    default Progress resume(Model model) {
        return Progress.START;
    }

    /**
     * @param progress where the loop stands after this iteration (1-based iteration count)
     * @param model    the model; {@link Model#checkpoint()} gives its state
     */
    void atSyncPoint(Progress progress, Model model);

    /** Called once after the last sync point: finishes any background work. */
    default void close() {
    }
}
