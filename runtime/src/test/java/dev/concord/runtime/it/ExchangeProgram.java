package dev.concord.runtime.it;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.PeerFailedException;
import dev.concord.runtime.bootstrap.Concord;

/**
 * A rank program for process-level tests: {@code rounds} ring exchanges of {@code count} doubles,
 * checked, with a pause between rounds; prints "round K" after each and "done" at the end. A
 * peer failure prints "PEER_FAILED rank=R" and exits 3.
 *
 * <p>Args: {@code rounds count pauseMillis}.
 */
public final class ExchangeProgram {
    private ExchangeProgram() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long pause = Long.parseLong(args[2]);
        Communicator comm = Concord.init();
        int n = comm.size();
        int me = comm.rank();
        System.out.println("identity rank=" + me + " size=" + n + " source="
                + dev.concord.runtime.bootstrap.RankIdentity.managerOf(System.getenv()) + " transport="
                + comm.transportName());
        double[] out = new double[count];
        double[] in = new double[count];
        try {
            for (int k = 1; k <= rounds; k++) {
                for (int i = 0; i < count; i++) {
                    out[i] = me * 1e6 + k * 1e3 + i;
                }
                int right = (me + 1) % n;
                int left = (me + n - 1) % n;
                comm.sendrecv(right, 1, out, 0, count, left, 1, in, 0, count);
                for (int i = 0; i < count; i++) {
                    if (in[i] != left * 1e6 + k * 1e3 + i) {
                        throw new IllegalStateException("rank " + me + " round " + k + " index " + i + ": " + in[i]);
                    }
                }
                System.out.println("round " + k);
                if (pause > 0) {
                    Thread.sleep(pause);
                }
            }
        } catch (PeerFailedException e) {
            System.out.println("PEER_FAILED rank=" + e.failedRank() + " msg=" + e.getMessage());
            System.exit(3);
        }
        comm.close();
        System.out.println("done");
    }
}
