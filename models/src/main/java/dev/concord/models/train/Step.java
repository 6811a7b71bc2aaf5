package dev.concord.models.train;

/** What a model's update says about where training stands. */
public enum Step {
    /** More evaluations belong to the current iteration (e.g. a line search); not a sync point. */
    CONTINUE,
    /** An iteration ended: a sync point where metrics are written and checkpoints may be taken. */
    ITERATION,
    /** An iteration ended and the model has converged; the loop stops. */
    CONVERGED
}
