package dev.concord.models.data;

import dev.concord.collectives.Collectives;
import dev.concord.runtime.EchoedFailure;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Makes a step fail on every rank with the same message when any rank found a problem (bad input,
 * an output file it cannot write): the lowest failing rank broadcasts its message and every rank
 * throws it. So the message naming the file reaches the user whichever rank's failure is reported
 * first (a rank that is aborted by a faster peer gets a PeerFailedException quoting it). The other
 * ranks' copies are {@link EchoedFailure#mark marked}, so that the top level prints the line once.
 */
public final class FailTogether {
    private FailTogether() {
    }

    /**
     * Collective. {@code failed[r]} says whether rank r failed (the same array on every rank);
     * {@code mine} is this rank's failure or null.
     */
    static void check(boolean[] failed, DataFormatException mine, Collectives coll) {
        int first = -1;
        for (int r = 0; r < failed.length && first < 0; r++) {
            if (failed[r]) {
                first = r;
            }
        }
        if (first >= 0) {
            fromRoot(first, mine, DataFormatException::new, coll);
        }
    }

    /**
     * Collective, for a check only {@code root} makes: {@code mine} is its failure or null (null on
     * the other ranks). If it failed, {@code root} broadcasts its message, throws {@code mine}, and
     * every other rank throws {@code copy.apply(message)}.
     */
    public static void fromRoot(int root, RuntimeException mine, Function<String, ? extends RuntimeException> copy,
            Collectives coll) {
        boolean isRoot = coll.communicator().rank() == root;
        byte[] text = isRoot && mine != null ? mine.getMessage().getBytes(StandardCharsets.UTF_8) : null;
        int[] length = {text == null ? -1 : text.length};
        coll.broadcast(length, 0, 1, root);
        if (length[0] < 0) {
            return;
        }
        byte[] buf = isRoot ? text : new byte[length[0]];
        coll.broadcast(buf, 0, buf.length, root);
        if (isRoot) {
            throw EchoedFailure.unlessReporter(mine, root, root);
        }
        throw EchoedFailure.mark(copy.apply(new String(buf, StandardCharsets.UTF_8)), root);
    }
}
