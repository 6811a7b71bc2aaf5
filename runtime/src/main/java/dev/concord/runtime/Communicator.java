package dev.concord.runtime;

import java.nio.ByteBuffer;

/**
 * A rank's view of its job: who it is, how many ranks there are, and tagged point-to-point
 * messages to any of them (itself included).
 *
 * <p><b>Buffers.</b> A message buffer is a {@code double[]}, {@code float[]}, {@code long[]},
 * {@code int[]}, {@code byte[]} or a {@link ByteBuffer}. With {@code (buf, off, len)} the message
 * is elements {@code off .. off+len-1} (for a ByteBuffer: absolute byte indices; its position is
 * never read or changed). With {@code (buf)} it is the whole array, or a ByteBuffer's remaining
 * bytes. Sender and receiver must use the same element type; a receive buffer may be larger than
 * the message ({@link Request#count()} tells how much arrived), never smaller.
 *
 * <p><b>Matching</b> follows MPI: messages between one (source, tag) pair are received in the
 * order they were sent; {@link #ANY_SOURCE} matches any rank and {@link #ANY_TAG} any
 * application tag.
 *
 * <p><b>Tags.</b> Tags {@code [0, 2^30)} ({@code 0 ..} {@link #MAX_USER_TAG}) are for
 * applications; {@code [2^30, 2^31)} are reserved for Concord's collectives. The methods of this
 * class refuse a reserved tag (or a negative one other than {@link #ANY_TAG} on a receive) with
 * an {@link IllegalArgumentException} naming the tag and the rank, and {@link #ANY_TAG} never
 * matches a reserved tag (as in MPI, where point-to-point calls cannot take a collective's
 * messages). The collectives send and receive on the reserved tags through {@link
 * ReservedChannel}, the only way to reach them.
 *
 * <p><b>Deadlines and failure.</b> Every blocking call waits at most {@link
 * RuntimeOptions#opTimeoutNanos()} and then throws {@link OperationTimeoutException}. When a peer
 * fails, every blocked and later call throws {@link PeerFailedException} naming it.
 *
 * <p>Thread-safe. Blocking calls and released requests do not allocate after warm-up.
 */
public abstract class Communicator implements AutoCloseable {
    /** Receive from any rank. */
    public static final int ANY_SOURCE = -1;
    /** Receive with any application tag ({@code [0, MAX_USER_TAG]}). */
    public static final int ANY_TAG = -1;
    /**
     * Largest application tag; tags above it are reserved for Concord's collectives, refused by
     * this class's calls and reached through {@link ReservedChannel}.
     */
    public static final int MAX_USER_TAG = (1 << 30) - 1;

    private final RequestPool pool = new RequestPool(this);
    final ReservedChannel reserved = new ReservedChannel(this);

    /** This rank, in {@code [0, size())}. */
    public abstract int rank();

    /** Number of ranks in the job. */
    public abstract int size();

    /** Transport name: "tcp", "jvm", …. */
    public abstract String transportName();

    /** Deadlines and limits in force. */
    public abstract RuntimeOptions options();

    /** Starts a send; the transport completes or fails {@code r}. */
    protected abstract void startSend(Request r);

    /** Posts a receive; the transport completes or fails {@code r}. */
    protected abstract void startReceive(Request r);

    /**
     * Called repeatedly by a thread waiting for {@code r} before it parks: a transport may move
     * data on the caller's thread here (as MPI progresses in the caller), which saves a thread
     * hand-off per message. Must not block. Default: nothing.
     */
    protected void progress(Request r) {
    }

    /**
     * Brackets the spin of a thread waiting for {@code r} ({@code true} before its first {@link
     * #progress} call, {@code false} after its last, when {@code r} may be done or the thread
     * about to park): while callers poll a connection themselves, a transport need not wake its
     * own thread for the same bytes. Default: nothing.
     */
    protected void polling(Request r, boolean started) {
    }

    /** Withdraws a pending request whose deadline passed; false if its data is already moving. */
    protected abstract boolean cancel(Request r);

    /**
     * Tells every peer that this rank is giving up (best effort, bounded in time), fails every
     * pending operation here, and releases the transport. Used when a rank dies of an exception.
     */
    public abstract void abort(String reason);

    /**
     * Leaves the job: waits (bounded) until every peer has also finished sending to this rank,
     * then releases the transport. Operations after close throw.
     */
    @Override
    public abstract void close();

    // ---- blocking ----
    // Each public call on a range has a package-private twin taking {@code reserved}: false (the
    // public call) allows only application tags, true only the collectives' (ReservedChannel).

    /** Sends all of {@code buf} to {@code dest}; returns when the buffer may be reused. */
    public final void send(int dest, int tag, Object buf) {
        send(dest, tag, buf, start(buf), ElementType.lengthOf(buf));
    }

    /** Sends {@code len} elements of {@code buf} from {@code off}; returns when the buffer may be reused. */
    public final void send(int dest, int tag, Object buf, int off, int len) {
        send(dest, tag, buf, off, len, false);
    }

    final void send(int dest, int tag, Object buf, int off, int len, boolean reserved) {
        Request r = isend(dest, tag, buf, off, len, reserved);
        r.await();
        r.release();
    }

    /** Receives into {@code buf}; returns the element count received. */
    public final int recv(int source, int tag, Object buf) {
        return recv(source, tag, buf, start(buf), ElementType.lengthOf(buf));
    }

    /** Receives at most {@code len} elements into {@code buf} from {@code off}; returns the count received. */
    public final int recv(int source, int tag, Object buf, int off, int len) {
        return recv(source, tag, buf, off, len, false);
    }

    final int recv(int source, int tag, Object buf, int off, int len, boolean reserved) {
        Request r = irecv(source, tag, buf, off, len, reserved);
        int n = r.await();
        r.release();
        return n;
    }

    /**
     * Sends to {@code dest} and receives from {@code source} at once (neither waits for the
     * other, so a ring of these cannot deadlock); returns the element count received.
     */
    public final int sendrecv(int dest, int sendTag, Object sendBuf, int sendOff, int sendLen,
            int source, int recvTag, Object recvBuf, int recvOff, int recvLen) {
        return sendrecv(dest, sendTag, sendBuf, sendOff, sendLen, source, recvTag, recvBuf, recvOff, recvLen, false);
    }

    final int sendrecv(int dest, int sendTag, Object sendBuf, int sendOff, int sendLen,
            int source, int recvTag, Object recvBuf, int recvOff, int recvLen, boolean reserved) {
        // before the receive is posted: a bad send argument must not leave it behind to take a later message
        checkSend(dest, sendTag, sendBuf, sendOff, sendLen, reserved);
        Request rr = irecv(source, recvTag, recvBuf, recvOff, recvLen, reserved);
        Request sr = isend(dest, sendTag, sendBuf, sendOff, sendLen, reserved);
        try {
            sr.await();
        } catch (ConcordException e) {
            if (cancel(rr)) { // still unmatched: withdraw it too, for the same reason
                rr.fail(e);
                rr.release();
            }
            throw e;
        }
        sr.release();
        int n = rr.await();
        rr.release();
        return n;
    }

    // ---- non-blocking ----

    /** Starts sending all of {@code buf}. */
    public final Request isend(int dest, int tag, Object buf) {
        return isend(dest, tag, buf, start(buf), ElementType.lengthOf(buf));
    }

    /** Starts sending {@code len} elements of {@code buf} from {@code off}; do not touch them until it completes. */
    public final Request isend(int dest, int tag, Object buf, int off, int len) {
        return isend(dest, tag, buf, off, len, false);
    }

    final Request isend(int dest, int tag, Object buf, int off, int len, boolean reserved) {
        checkSend(dest, tag, buf, off, len, reserved);
        Request r = pool.obtain().prepare(true, dest, tag, buf, off, len);
        startSend(r);
        return r;
    }

    /** Starts receiving into {@code buf}. */
    public final Request irecv(int source, int tag, Object buf) {
        return irecv(source, tag, buf, start(buf), ElementType.lengthOf(buf));
    }

    /** Starts receiving at most {@code len} elements into {@code buf} from {@code off}. */
    public final Request irecv(int source, int tag, Object buf, int off, int len) {
        return irecv(source, tag, buf, off, len, false);
    }

    final Request irecv(int source, int tag, Object buf, int off, int len, boolean reserved) {
        if (source != ANY_SOURCE) {
            checkRank("source", source);
        }
        checkTag(tag, true, reserved);
        checkRange(buf, off, len);
        if (buf instanceof ByteBuffer && ((ByteBuffer) buf).isReadOnly()) {
            // caught here: found while copying, it would be thrown on whichever thread delivers the message
            throw new IllegalArgumentException("cannot receive into a read-only ByteBuffer on rank " + rank());
        }
        Request r = pool.obtain().prepare(false, source, tag, buf, off, len);
        startReceive(r);
        return r;
    }

    void recycle(Request r) {
        pool.release(r);
    }

    private static int start(Object buf) {
        return buf instanceof ByteBuffer ? ((ByteBuffer) buf).position() : 0;
    }

    private void checkSend(int dest, int tag, Object buf, int off, int len, boolean reserved) {
        checkRank("destination", dest);
        checkTag(tag, false, reserved);
        checkRange(buf, off, len);
    }

    private void checkRank(String what, int r) {
        if (r < 0 || r >= size()) {
            throw new IllegalArgumentException(what + " rank " + r + " is outside [0, " + size()
                    + ") on rank " + rank());
        }
    }

    /** An application's tag ({@code anyOk}: or {@link #ANY_TAG}), or with {@code reserved} a collective's. */
    private void checkTag(int tag, boolean anyOk, boolean reserved) {
        if (reserved) {
            if (tag <= MAX_USER_TAG) {
                throw new IllegalArgumentException("tag " + tag + " is not one of the tags reserved for collectives"
                        + " (" + (MAX_USER_TAG + 1) + " and above) on rank " + rank());
            }
        } else if (tag > MAX_USER_TAG) {
            throw new IllegalArgumentException("tag " + tag + " is reserved for Concord's collectives (application tags"
                    + " are 0 to MAX_USER_TAG = " + MAX_USER_TAG + ") on rank " + rank());
        } else if (tag < 0 && !(anyOk && tag == ANY_TAG)) {
            throw new IllegalArgumentException("tag " + tag + " is negative"
                    + (anyOk ? " (only ANY_TAG = -1 is allowed)" : "") + " on rank " + rank());
        }
    }

    private void checkRange(Object buf, int off, int len) {
        int capacity = buf instanceof ByteBuffer ? ((ByteBuffer) buf).limit() : ElementType.lengthOf(buf);
        if (off < 0 || len < 0 || off > capacity - len) {
            throw new IllegalArgumentException("range [" + off + ", " + off + "+" + len
                    + ") is outside a buffer of " + capacity + (buf instanceof ByteBuffer ? " bytes" : " elements")
                    + " on rank " + rank());
        }
    }

    /** Free list of requests; grows to the peak number in flight, then stops allocating. */
    private static final class RequestPool {
        private final Communicator owner;
        private Request[] free = new Request[16];
        private int size;

        RequestPool(Communicator owner) {
            this.owner = owner;
        }

        synchronized Request obtain() {
            if (size == 0) {
                return new Request(owner);
            }
            Request r = free[--size];
            free[size] = null;
            return r;
        }

        synchronized void release(Request r) {
            if (size == free.length) {
                free = java.util.Arrays.copyOf(free, size * 2);
            }
            free[size++] = r;
        }
    }
}
