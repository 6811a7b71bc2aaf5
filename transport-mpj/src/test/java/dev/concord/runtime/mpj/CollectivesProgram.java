package dev.concord.runtime.mpj;

import dev.concord.collectives.CollectivesSuite;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;

/**
 * Rank program for {@link MpjTransportIT}: the whole collectives conformance suite ({@link
 * CollectivesSuite#all}: every AllReduce algorithm x op x type x count, broadcast, reduce,
 * allgather, reduce-scatter, gather and scatter from every root, a mismatch) over whatever
 * transport {@code CONCORD_TRANSPORT} names. Prints "ok collectives size=N" on success; a failed
 * check throws, which makes the rank exit non-zero.
 */
public final class CollectivesProgram {
    private CollectivesProgram() {
    }

    public static void main(String[] args) {
        try (Communicator comm = Concord.init()) {
            long t0 = System.nanoTime();
            CollectivesSuite.all(comm);
            System.out.printf("ok collectives size=%d (%.1f s)%n", comm.size(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
