package dev.concord.runtime;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * MPI matching for one rank, shared by every transport: posted receives and unexpected messages
 * in arrival order, matched per (source, tag) with wildcards.
 *
 * <p>An eager message that finds a posted receive is copied by the transport straight into the
 * receive's buffer; otherwise it is buffered in a pooled block, up to {@link
 * RuntimeOptions#unexpectedLimitBytes()} in all, beyond which the arriving side waits
 * (backpressure). A rendezvous message is only recorded; its data moves when a receive matches.
 * The lock is never held while data is copied.
 */
public final class MatchingEngine {
    /** Where an eager message's payload comes from (a socket, a sender's array). */
    public interface EagerPayload {
        /** Copies the payload ({@code count} elements) into a user buffer at element {@code off}. */
        void copyTo(Object dst, ElementType type, int off, int count) throws IOException;

        /** Copies the payload into {@code block} from byte 0. */
        void copyTo(TypedBuffer block, ElementType type, int count) throws IOException;

        /** Consumes and discards the payload. */
        void skip(ElementType type, int count) throws IOException;
    }

    /** Where a rendezvous message's data comes from. */
    public interface RendezvousSource {
        /**
         * Moves message {@code (seq, ref)} into receive {@code r}, then completes or fails it.
         * Called without engine locks, possibly on the transport's own thread.
         */
        void pull(long seq, Object ref, Request r, int source, int tag, ElementType type, int count);
    }

    private static final int FILLING = 0;
    private static final int READY = 1;
    private static final int RENDEZVOUS = 2;

    private final int rank;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final BlockPool blocks;
    private Request postedHead;
    private Request postedTail;
    private Entry unexpectedHead;
    private Entry unexpectedTail;
    private Entry freeEntries;
    private ConcordException failure;
    private final boolean[] finished;
    private int finishedCount;

    public MatchingEngine(int rank, int size, RuntimeOptions options) {
        this.rank = rank;
        this.finished = new boolean[size];
        this.blocks = new BlockPool(options.eagerLimitBytes(), options.unexpectedLimitBytes());
    }

    /** Posts receive {@code r}: matches the oldest fitting unexpected message, or queues {@code r}. */
    public void post(Request r) {
        Entry e;
        int src;
        int tag;
        ElementType type;
        int count;
        TypedBuffer block;
        RendezvousSource source;
        long seq;
        Object ref;
        lock.lock();
        try {
            if (failure != null) {
                r.fail(failure);
                return;
            }
            e = takeUnexpected(r.peer, r.tag);
            if (e == null) {
                ConcordException never = neverMatched(r.peer);
                if (never != null) {
                    r.fail(never);
                    return;
                }
                appendPosted(r);
                changed.signalAll();
                return;
            }
            r.state = Request.CLAIMED;
            if (e.kind == FILLING) {
                e.claimedBy = r;
                return;
            }
            src = e.source;
            tag = e.tag;
            type = e.type;
            count = e.count;
            block = e.block;
            source = e.rendezvous;
            seq = e.seq;
            ref = e.ref;
            recycle(e);
        } finally {
            lock.unlock();
        }
        if (source == null) {
            deliverFromBlock(block, r, src, tag, type, count);
        } else {
            source.pull(seq, ref, r, src, tag, type, count);
        }
    }

    /**
     * An eager message has arrived (its payload is readable from {@code payload} now). Waits for
     * buffer space until {@code deadlineNanos} (System.nanoTime), or forever when it is
     * {@code Long.MAX_VALUE}; stops waiting on failure.
     */
    public void arriveEager(int src, int tag, ElementType type, int count, EagerPayload payload,
            long deadlineNanos) throws IOException {
        arriveEager(src, tag, type, count, payload, deadlineNanos, true);
    }

    /**
     * As above; with {@code mayWait} false, returns false instead of waiting for buffer space,
     * without touching the payload (the caller offers it again later, from a thread that may wait).
     */
    public boolean arriveEager(int src, int tag, ElementType type, int count, EagerPayload payload,
            long deadlineNanos, boolean mayWait) throws IOException {
        long bytes = (long) count * type.size();
        Request r = null;
        Entry e = null;
        lock.lock();
        try {
            while (failure == null) {
                r = takePosted(src, tag);
                if (r != null) {
                    r.state = Request.CLAIMED;
                    break;
                }
                TypedBuffer b = blocks.tryAcquire(bytes);
                if (b != null) {
                    e = newEntry(src, tag, type, count, FILLING);
                    e.block = b;
                    appendUnexpected(e);
                    break;
                }
                if (!mayWait) {
                    return false;
                }
                long wait = deadlineNanos == Long.MAX_VALUE ? TimeUnit.MILLISECONDS.toNanos(200)
                        : deadlineNanos - System.nanoTime();
                if (wait <= 0) {
                    throw new OperationTimeoutException("send of " + type.describe(count) + " with tag " + tag
                            + " from rank " + src + " to rank " + rank + " waited too long for buffer space ("
                            + Sizes.format(blocks.inUse()) + " of unreceived messages are buffered there)");
                }
                changed.awaitNanos(wait);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ConcordException("interrupted while delivering a message to rank " + rank, ie);
        } finally {
            lock.unlock();
        }
        if (r != null) {
            deliverFromPayload(payload, r, src, tag, type, count);
        } else if (e == null) {
            payload.skip(type, count);
        } else {
            fill(e, payload);
        }
        return true;
    }

    /** A rendezvous message has been announced; its data comes from {@code source} when matched. */
    public void arriveRendezvous(int src, int tag, ElementType type, int count, RendezvousSource source,
            long seq, Object ref) {
        Request r;
        lock.lock();
        try {
            if (failure != null) {
                return;
            }
            r = takePosted(src, tag);
            if (r == null) {
                Entry e = newEntry(src, tag, type, count, RENDEZVOUS);
                e.rendezvous = source;
                e.seq = seq;
                e.ref = ref;
                appendUnexpected(e);
                return;
            }
            r.state = Request.CLAIMED;
        } finally {
            lock.unlock();
        }
        source.pull(seq, ref, r, src, tag, type, count);
    }

    /**
     * Posts again receive {@code r}, which had matched a rendezvous message that its sender then
     * withdrew (the send timed out before the receive was posted): as if that message had never
     * been sent, {@code r} matches the next fitting one.
     */
    public void repost(Request r) {
        r.state = Request.PENDING;
        post(r);
    }

    /** Removes a still-posted receive; false if it is matched already. */
    public boolean cancel(Request r) {
        lock.lock();
        try {
            if (r.state != Request.PENDING || (r.prev == null && postedHead != r)) {
                return false; // matched, or (being reposted) not in the queue yet: unlinking it would cut the queue
            }
            unlinkPosted(r);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes an unmatched rendezvous announcement whose ref is {@code ref}; false if matched already. */
    public boolean withdraw(Object ref) {
        lock.lock();
        try {
            for (Entry e = unexpectedHead; e != null; e = e.next) {
                if (e.kind == RENDEZVOUS && e.ref == ref) {
                    unlinkUnexpected(e);
                    recycle(e);
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rank {@code peer} will send nothing more (it closed its communicator): receives that only it
     * could match fail now, with a message saying so, instead of waiting for their deadline.
     */
    public void peerFinished(int peer) {
        lock.lock();
        try {
            if (finished[peer]) {
                return;
            }
            finished[peer] = true;
            finishedCount++;
            for (Request r = postedHead; r != null; ) {
                Request next = r.next;
                ConcordException never = neverMatched(r.peer);
                if (never != null) {
                    unlinkPosted(r);
                    r.fail(never);
                }
                r = next;
            }
        } finally {
            lock.unlock();
        }
    }

    private ConcordException neverMatched(int source) {
        if (source == Communicator.ANY_SOURCE) {
            return finishedCount == finished.length - (finished[rank] ? 0 : 1)
                    ? new ConcordException("every other rank has finished (closed its communicator); a receive from "
                            + "any rank on rank " + rank + " can never be matched") : null;
        }
        return finished[source] ? new PeerFailedException(source, "rank " + source + " has finished (closed its "
                + "communicator) without sending a message this receive on rank " + rank + " matches") : null;
    }

    /** Fails every posted receive and every later one with {@code cause}; the first cause wins. */
    public void fail(ConcordException cause) {
        lock.lock();
        try {
            if (failure != null) {
                return;
            }
            failure = cause;
            for (Request r = postedHead; r != null; ) {
                Request next = r.next;
                r.prev = null;
                r.next = null;
                r.fail(cause);
                r = next;
            }
            postedHead = null;
            postedTail = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of received-but-unmatched messages buffered now. */
    public long bufferedBytes() {
        lock.lock();
        try {
            return blocks.inUse();
        } finally {
            lock.unlock();
        }
    }

    private void fill(Entry e, EagerPayload payload) throws IOException {
        Request claimant;
        try {
            payload.copyTo(e.block, e.type, e.count);
        } catch (IOException | RuntimeException ex) {
            lock.lock();
            try {
                claimant = e.claimedBy;
                e.claimedBy = null;
                if (claimant == null) {
                    unlinkUnexpected(e);
                }
                blocks.release(e.block);
                recycle(e);
            } finally {
                lock.unlock();
            }
            if (claimant != null) {
                claimant.fail(new ConcordException("message from rank " + e.source + " was cut off: " + ex));
            }
            throw ex;
        }
        lock.lock();
        try {
            claimant = e.claimedBy;
            if (claimant == null) {
                e.kind = READY;
                return;
            }
        } finally {
            lock.unlock();
        }
        TypedBuffer block = e.block;
        int src = e.source;
        int tag = e.tag;
        ElementType type = e.type;
        int count = e.count;
        lock.lock();
        try {
            recycle(e);
        } finally {
            lock.unlock();
        }
        deliverFromBlock(block, claimant, src, tag, type, count);
    }

    private void deliverFromBlock(TypedBuffer block, Request r, int src, int tag, ElementType type, int count) {
        String problem = Operations.mismatch(r, src, tag, type, count);
        if (problem == null) {
            block.get(0, r.buffer, type, r.offset, count);
        }
        lock.lock();
        try {
            blocks.release(block);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (problem == null) {
            r.complete(src, tag, count);
        } else {
            r.fail(new ConcordException(problem));
        }
    }

    private void deliverFromPayload(EagerPayload payload, Request r, int src, int tag, ElementType type, int count)
            throws IOException {
        String problem = Operations.mismatch(r, src, tag, type, count);
        if (problem != null) {
            payload.skip(type, count);
            r.fail(new ConcordException(problem));
            return;
        }
        try {
            payload.copyTo(r.buffer, type, r.offset, count);
        } catch (IOException | RuntimeException ex) {
            r.fail(new ConcordException("message from rank " + src + " was cut off: " + ex));
            throw ex;
        }
        r.complete(src, tag, count);
    }

    // ---- queues (lock held) ----

    /** ANY_TAG matches application tags only: a user's wildcard receive must not take a collective's message. */
    private static boolean matches(int wantSource, int wantTag, int source, int tag) {
        return (wantSource == Communicator.ANY_SOURCE || wantSource == source)
                && (wantTag == Communicator.ANY_TAG ? tag <= Communicator.MAX_USER_TAG : wantTag == tag);
    }

    private Request takePosted(int source, int tag) {
        for (Request r = postedHead; r != null; r = r.next) {
            if (matches(r.peer, r.tag, source, tag)) {
                unlinkPosted(r);
                return r;
            }
        }
        return null;
    }

    private Entry takeUnexpected(int source, int tag) {
        for (Entry e = unexpectedHead; e != null; e = e.next) {
            if (matches(source, tag, e.source, e.tag)) {
                unlinkUnexpected(e);
                return e;
            }
        }
        return null;
    }

    private void appendPosted(Request r) {
        r.prev = postedTail;
        r.next = null;
        if (postedTail == null) {
            postedHead = r;
        } else {
            postedTail.next = r;
        }
        postedTail = r;
    }

    private void unlinkPosted(Request r) {
        if (r.prev == null) {
            postedHead = r.next;
        } else {
            r.prev.next = r.next;
        }
        if (r.next == null) {
            postedTail = r.prev;
        } else {
            r.next.prev = r.prev;
        }
        r.prev = null;
        r.next = null;
    }

    private void appendUnexpected(Entry e) {
        e.prev = unexpectedTail;
        e.next = null;
        if (unexpectedTail == null) {
            unexpectedHead = e;
        } else {
            unexpectedTail.next = e;
        }
        unexpectedTail = e;
    }

    private void unlinkUnexpected(Entry e) {
        if (e.prev == null) {
            unexpectedHead = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            unexpectedTail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
    }

    private Entry newEntry(int source, int tag, ElementType type, int count, int kind) {
        Entry e = freeEntries;
        if (e == null) {
            e = new Entry();
        } else {
            freeEntries = e.next;
            e.next = null;
        }
        e.source = source;
        e.tag = tag;
        e.type = type;
        e.count = count;
        e.kind = kind;
        return e;
    }

    private void recycle(Entry e) {
        e.block = null;
        e.rendezvous = null;
        e.ref = null;
        e.claimedBy = null;
        e.prev = null;
        e.next = freeEntries;
        freeEntries = e;
    }

    /** An unexpected message: buffered (or being filled), or a rendezvous announcement. */
    private static final class Entry {
        int source;
        int tag;
        ElementType type;
        int count;
        int kind;
        TypedBuffer block;
        RendezvousSource rendezvous;
        long seq;
        Object ref;
        Request claimedBy;
        Entry prev;
        Entry next;
    }
}
