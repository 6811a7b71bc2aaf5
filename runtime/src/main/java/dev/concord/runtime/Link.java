package dev.concord.runtime;

/**
 * Transport SPI: one rank's connection to one peer (or to itself). A {@link MatchingCommunicator}
 * holds one per rank and does matching itself; a link only moves messages and reports failure
 * through {@link MatchingCommunicator#peerFailed}.
 *
 * <p>Large messages use rendezvous: the sender announces the message, the receiver's {@link
 * MatchingEngine} matches it against a posted receive and asks the link ({@link
 * MatchingEngine.RendezvousSource#pull}) to move the data straight into that receive's buffer.
 */
public interface Link {
    /** Sends {@code r} now; completes it when its buffer may be reused. May block on backpressure. */
    void sendEager(Request r);

    /** Announces {@code r}; its data moves (and {@code r} completes) once the receiver has matched it. */
    void sendRendezvous(Request r);

    /** Moves whatever data has arrived, on the caller's thread, without blocking (see {@link Communicator#progress}). */
    default void progress() {
    }

    /**
     * A thread starts ({@code started}) or stops calling {@link #progress} in a loop; when it
     * stops, {@code parking} says whether it is about to park, its request not done (then the
     * transport must move data without it). Default: nothing.
     */
    default void polling(boolean started, boolean parking) {
    }

    /**
     * If send {@code r} has been cleared by the receiver and waits for a transport thread to
     * write its data, writes it now on the caller's thread instead. Default: nothing.
     */
    default void writeIfCleared(Request r) {
    }

    /** Withdraws an announced send whose deadline passed; false if its data is already moving. */
    boolean cancel(Request r);

    /** Fails every send still pending on this link. */
    void fail(ConcordException cause);

    /** Best effort, bounded in time: tells the peer that {@code failedRank} is gone and why. */
    void sendAbort(int failedRank, String reason);

    /** Tells the peer this rank will send nothing more. */
    void sendGoodbye();

    /** True once the peer has said it will send nothing more (or the link is gone). */
    boolean goodbyeReceived();

    /** Releases the connection; pending operations fail. */
    void close();
}
