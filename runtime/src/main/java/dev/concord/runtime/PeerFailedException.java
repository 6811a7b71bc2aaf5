package dev.concord.runtime;

/**
 * A peer rank is gone: its connection hit EOF or a reset, it stayed silent past the peer timeout,
 * or it (or another survivor) broadcast an abort. Once one is raised on a communicator, every
 * blocked and every later operation on it throws one naming the same rank.
 */
public class PeerFailedException extends ConcordException {
    private static final long serialVersionUID = 1L;

    private final int failedRank;

    public PeerFailedException(int failedRank, String message) {
        super(message);
        this.failedRank = failedRank;
    }

    public PeerFailedException(int failedRank, String message, Throwable cause) {
        super(message, cause);
        this.failedRank = failedRank;
    }

    /** The rank that failed (not necessarily the peer of the operation that threw). */
    public int failedRank() {
        return failedRank;
    }
}
