package dev.concord.runtime;

/**
 * Transport SPI: what a {@link Link} implementation may read from and do to a {@link Request}.
 * Not for applications.
 */
public final class Operations {
    private Operations() {
    }

    public static boolean isSend(Request r) {
        return r.send;
    }

    public static int peer(Request r) {
        return r.peer;
    }

    public static int tag(Request r) {
        return r.tag;
    }

    /** The user's buffer: a primitive array or a ByteBuffer. */
    public static Object buffer(Request r) {
        return r.buffer;
    }

    public static ElementType type(Request r) {
        return r.type;
    }

    /** First element (absolute index for ByteBuffers). */
    public static int offset(Request r) {
        return r.offset;
    }

    /** Elements to send, or capacity of a receive. */
    public static int count(Request r) {
        return r.count;
    }

    public static long bytes(Request r) {
        return (long) r.count * r.type.size();
    }

    /** Transport-assigned sequence number of a rendezvous send. */
    public static long seq(Request r) {
        return r.seq;
    }

    public static void setSeq(Request r, long seq) {
        r.seq = seq;
    }

    /** True while a thread spins on {@code r} and will call {@link Communicator#progress} again before it parks. */
    public static boolean isSpinning(Request r) {
        return r.spinning;
    }

    public static boolean isPending(Request r) {
        return r.state == Request.PENDING || r.state == Request.CLAIMED;
    }

    public static void completeSend(Request r) {
        r.completeSend();
    }

    public static void completeReceive(Request r, int source, int tag, int count) {
        r.complete(source, tag, count);
    }

    public static void fail(Request r, ConcordException cause) {
        r.fail(cause);
    }

    /**
     * Why a message of {@code count} {@code type}s from {@code source} cannot land in receive
     * {@code r}, or null if it can.
     */
    public static String mismatch(Request r, int source, int tag, ElementType type, long count) {
        if (type != r.type) {
            return "rank " + source + " sent " + type.describe(count) + " with tag " + tag
                    + " but the receive on rank " + r.owner.rank() + " expects " + r.type.describe(r.count);
        }
        if (count > r.count) {
            return "message truncated: rank " + source + " sent " + type.describe(count) + " with tag " + tag
                    + " but the receive buffer on rank " + r.owner.rank() + " holds " + r.count;
        }
        return null;
    }
}
