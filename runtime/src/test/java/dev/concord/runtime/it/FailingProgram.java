package dev.concord.runtime.it;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;

/** Rank {@code args[0]} exits with status {@code args[1]} after joining; the others wait for a message
 * from it and die of the PeerFailedException that brings. */
public final class FailingProgram {
    private FailingProgram() {
    }

    public static void main(String[] args) {
        Communicator comm = Concord.init();
        if (comm.rank() == Integer.parseInt(args[0])) {
            System.out.println("exiting with " + args[1]);
            System.exit(Integer.parseInt(args[1]));
        }
        // fails with PeerFailedException; uncaught, it exits with ExitCodes.PEER_FAILED
        comm.recv(Integer.parseInt(args[0]), 1, new int[1]);
    }
}
