package dev.concord.runtime.it;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;

/** Rank {@code args[0]} exits with status {@code args[1]} after joining; the others wait for a message forever. */
public final class FailingProgram {
    private FailingProgram() {
    }

    public static void main(String[] args) {
        Communicator comm = Concord.init();
        if (comm.rank() == Integer.parseInt(args[0])) {
            System.out.println("exiting with " + args[1]);
            System.exit(Integer.parseInt(args[1]));
        }
        try {
            comm.recv(Integer.parseInt(args[0]), 1, new int[1]);
        } catch (RuntimeException e) {
            System.out.println("saw " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(5);
        }
    }
}
