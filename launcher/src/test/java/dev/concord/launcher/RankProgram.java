package dev.concord.launcher;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;

/**
 * Rank program for the launcher's integration tests. Modes:
 * <ul>
 *   <li>{@code exit R CODE}: rank R exits with CODE, the others wait for it.</li>
 *   <li>{@code fail-first-attempt}: rank 1 exits 1 on attempt 0; every rank succeeds after a restart.</li>
 *   <li>{@code sleep}: prints "ready pid=P" and sleeps.</li>
 *   <li>{@code spam LINES WIDTH}: prints LINES lines of WIDTH characters as fast as it can.</li>
 *   <li>{@code where}: prints the host the rsh shim placed it on.</li>
 * </ul>
 */
public final class RankProgram {
    private RankProgram() {
    }

    public static void main(String[] args) throws Exception {
        Communicator comm = Concord.init();
        int me = comm.rank();
        switch (args[0]) {
            case "exit":
                if (me == Integer.parseInt(args[1])) {
                    System.exit(Integer.parseInt(args[2]));
                }
                comm.recv(Integer.parseInt(args[1]), 1, new int[1]);
                break;
            case "fail-first-attempt":
                if (me == 1 && "0".equals(System.getenv("CONCORD_ATTEMPT"))) {
                    System.out.println("failing on purpose");
                    System.exit(1);
                }
                int[] x = {me};
                comm.sendrecv((me + 1) % comm.size(), 1, x, 0, 1, (me + comm.size() - 1) % comm.size(), 1, new int[1],
                        0, 1);
                System.out.println("ok attempt=" + System.getenv("CONCORD_ATTEMPT"));
                break;
            case "sleep":
                System.out.println("ready pid=" + ProcessHandle.current().pid());
                Thread.sleep(600_000);
                break;
            case "spam":
                int lines = Integer.parseInt(args[1]);
                String body = "x".repeat(Integer.parseInt(args[2]));
                for (int i = 0; i < lines; i++) {
                    System.out.println("rank" + me + " line" + i + " " + body + " end");
                }
                break;
            case "where":
                System.out.println("rank " + me + " on " + System.getenv("SHIM_HOST"));
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        comm.close();
    }
}
