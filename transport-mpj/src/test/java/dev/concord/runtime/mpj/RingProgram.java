package dev.concord.runtime.mpj;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.PeerFailedException;
import dev.concord.runtime.bootstrap.Concord;

/**
 * Rank program for the failure test: endless ring exchanges of 20 000 doubles with a short pause,
 * printing "round K" after each. A peer failure prints "PEER_FAILED rank=R …" and exits 3.
 */
public final class RingProgram {
    private RingProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        Communicator comm = Concord.init();
        int n = comm.size();
        int me = comm.rank();
        double[] out = new double[20_000];
        double[] in = new double[out.length];
        try {
            for (int k = 1; ; k++) {
                java.util.Arrays.fill(out, me * 1e6 + k);
                comm.sendrecv((me + 1) % n, 1, out, 0, out.length, (me + n - 1) % n, 1, in, 0, in.length);
                System.out.println("round " + k);
                Thread.sleep(5);
            }
        } catch (PeerFailedException e) {
            System.out.println("PEER_FAILED rank=" + e.failedRank() + " msg=" + e.getMessage());
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }
    }
}
