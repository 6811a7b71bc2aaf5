package dev.concord.collectives.algorithm;

import dev.concord.runtime.Communicator;

/**
 * Tags of the range reserved for collectives, one per algorithm phase, sent and received through
 * {@link dev.concord.runtime.ReservedChannel} (the communicator's own calls refuse them, so an
 * application's messages never mix with a collective's). Calls are sequenced and
 * matching is in order per (source, tag), so consecutive calls may reuse a tag; distinct phases
 * use distinct tags so that a fast rank's next phase never matches a slow rank's current one.
 */
public final class Tags {
    private static final int BASE = Communicator.MAX_USER_TAG + 1;

    /** Call-header exchange that precedes every checked collective. */
    public static final int CALL_CHECK = BASE;
    public static final int BROADCAST = BASE + 1;
    public static final int REDUCE = BASE + 2;
    public static final int GATHER = BASE + 3;
    public static final int SCATTER = BASE + 4;
    public static final int ALLGATHER = BASE + 5;
    public static final int REDUCE_SCATTER = BASE + 6;
    public static final int FOLD = BASE + 7;
    public static final int RECURSIVE = BASE + 8;
    public static final int BARRIER = BASE + 9;

    private Tags() {
    }
}
