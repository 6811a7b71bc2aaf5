package dev.concord.runtime.jvm;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.MatchingCommunicator;
import dev.concord.runtime.MatchingEngine;
import dev.concord.runtime.RuntimeOptions;

/**
 * A job whose ranks are threads of this JVM. {@code new InJvmWorld(n, options).communicator(r)}
 * is rank r's communicator; hand each to its own thread.
 */
public final class InJvmWorld {
    private final MatchingCommunicator[] comms;

    public InJvmWorld(int size, RuntimeOptions options) {
        if (size < 1) {
            throw new IllegalArgumentException("world size must be >= 1, got " + size);
        }
        this.comms = new MatchingCommunicator[size];
        for (int r = 0; r < size; r++) {
            int rank = r;
            comms[r] = new MatchingCommunicator(rank, size, "jvm", options,
                    new MatchingEngine(rank, size, options), self -> peer -> new InJvmLink(this::target, self, peer));
        }
    }

    /** Rank {@code rank}'s communicator. */
    public Communicator communicator(int rank) {
        return comms[rank];
    }

    MatchingCommunicator target(int rank) {
        return comms[rank];
    }
}
