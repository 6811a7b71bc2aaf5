package dev.concord.models.data;

import dev.concord.collectives.Collectives;
import java.nio.charset.StandardCharsets;

/**
 * Makes a read fail on every rank with the same message when any rank found bad input: the lowest
 * failing rank broadcasts its message and every rank throws it. So the message naming file and line
 * reaches the user whichever rank's failure is reported first (a rank that is aborted by a faster
 * peer gets a PeerFailedException quoting it).
 */
final class FailTogether {
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
        if (first < 0) {
            return;
        }
        boolean root = coll.communicator().rank() == first;
        byte[] text = root ? mine.getMessage().getBytes(StandardCharsets.UTF_8) : null;
        int[] length = {root ? text.length : 0};
        coll.broadcast(length, 0, 1, first);
        byte[] buf = root ? text : new byte[length[0]];
        coll.broadcast(buf, 0, buf.length, first);
        if (root) {
            throw mine;
        }
        throw new DataFormatException(new String(buf, StandardCharsets.UTF_8));
    }
}
