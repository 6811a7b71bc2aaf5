package dev.concord.collectives;

import dev.concord.runtime.ConcordException;

/**
 * Ranks called different collectives at the same step: a different kind, element type, count,
 * op, root or algorithm. Thrown on every rank of the communicator, each with a message naming
 * the call number and two ranks' differing calls; no data of the call has moved, so the
 * communicator stays usable.
 *
 * <p>Also thrown, with a message naming the rank and its error, on the ranks of a call whose
 * arguments were invalid on another rank only (that rank throws {@link IllegalArgumentException}).
 */
public class CollectiveMismatchException extends ConcordException {
    private static final long serialVersionUID = 1L;

    public CollectiveMismatchException(String message) {
        super(message);
    }
}
