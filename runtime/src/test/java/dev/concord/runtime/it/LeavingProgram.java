package dev.concord.runtime.it;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;

/** Rank {@code args[0]} returns without joining the job (status 0); the others join. */
public final class LeavingProgram {
    private LeavingProgram() {
    }

    public static void main(String[] args) {
        if (System.getenv("CONCORD_RANK").equals(args[0])) {
            System.out.println("leaving without joining");
            return;
        }
        try (Communicator comm = Concord.init()) {
            System.out.println("joined");
        }
    }
}
