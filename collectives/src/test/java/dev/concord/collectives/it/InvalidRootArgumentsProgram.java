package dev.concord.collectives.it;

import dev.concord.collectives.Collectives;
import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;
import java.util.concurrent.TimeUnit;

/**
 * A rank program for {@link InvalidRootArgumentsIT}: a gather of 4 ints to rank 0 whose receive
 * buffer is too small. Every rank prints "failed after MS ms: CLASS: MESSAGE"; then rank 0,
 * which handled its error and lives on, keeps away from the collectives for {@code args[0]}
 * milliseconds (so that its next call or its death cannot be what tells the others), and every
 * rank checks with an AllReduce that the communicator still works and prints "done".
 */
public final class InvalidRootArgumentsProgram {
    private InvalidRootArgumentsProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        long holdMillis = Long.parseLong(args[0]);
        Communicator comm = Concord.init();
        Collectives c = Collectives.of(comm);
        int count = 4;
        boolean root = comm.rank() == 0;
        long start = System.nanoTime();
        try {
            c.gather(new int[count], 0, count, new int[root ? count : 0], 0, 0);
            System.out.println("no failure");
        } catch (RuntimeException e) {
            System.out.println("failed after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (root) {
            Thread.sleep(holdMillis);
        }
        long[] one = {1};
        c.allreduce(one, 0, 1, ReduceOp.SUM);
        System.out.println(one[0] == comm.size() ? "done" : "allreduce gave " + one[0]);
        comm.close();
    }
}
