package dev.concord.checkpoints;

import dev.concord.runtime.ConcordException;

/** A checkpoint that cannot be used: the message names the step, the file and what is wrong. */
public class CheckpointCorruptException extends ConcordException {
    private static final long serialVersionUID = 1L;

    public CheckpointCorruptException(String message) {
        super(message);
    }
}
