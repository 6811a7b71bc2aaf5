package dev.concord.runtime.it;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;
import java.util.concurrent.TimeUnit;

/**
 * Rank {@code args[0]} (read from {@code CONCORD_RANK}, before joining) waits {@code args[1]}
 * seconds before it joins, as a rank stopped or hung at start; the others join, and time out
 * forming the job if that wait is longer than the connect timeout.
 */
public final class LateJoinProgram {
    private LateJoinProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals(System.getenv("CONCORD_RANK"))) {
            TimeUnit.SECONDS.sleep(Long.parseLong(args[1]));
        }
        Communicator comm = Concord.init();
        comm.close();
    }
}
