package dev.concord.models.train;

/**
 * Called by the {@link TrainingLoop} on every rank at every sync point (after an iteration's
 * update, when all ranks hold the same model). An implementation may write a checkpoint; it may
 * use collectives, since every rank calls it at the same point. {@link #NONE} does nothing.
 */
@FunctionalInterface
public interface CheckpointHook {
    /** Does nothing. */
    CheckpointHook NONE = (iteration, model) -> { };

    /**
     * @param iteration number of completed iterations (1-based)
     * @param model     the model; {@link Model#state()} gives its arrays
     */
    void atSyncPoint(long iteration, Model model);
}
