package dev.concord.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A send or receive in progress. {@link #await()} blocks until it completes (at most the
 * communicator's op timeout), {@link #test()} polls. After completion, {@link #source()}, {@link
 * #tag()} and {@link #count()} describe the message. Several threads may await one request.
 *
 * <p>Requests are pooled by their communicator so that the data path does not allocate: once a
 * completed request is no longer needed, {@link #release()} returns it (optional; an unreleased
 * request is simply garbage collected). A released request must not be used again ({@link #test()}
 * and {@code await} on it throw {@link IllegalStateException} until the pool hands it out anew).
 *
 * <p>Fields are package-visible to the transport layer through {@link Operations}; users see only
 * the methods below.
 */
public final class Request {
    static final int IDLE = 0;
    static final int PENDING = 1;
    static final int CLAIMED = 2;
    static final int DONE = 3;
    static final int FAILED = 4;

    /** Nap of a second thread awaiting the same request: only the first is unparked on completion. */
    private static final long SHARED_WAIT_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final VarHandle WAITER;

    static {
        try {
            WAITER = MethodHandles.lookup().findVarHandle(Request.class, "waiter", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Communicator owner;
    boolean send;
    int peer;
    int tag;
    Object buffer;
    ElementType type;
    int offset;
    int count;
    long seq;

    volatile int state = IDLE;
    private volatile Thread waiter;
    /** True while a thread spins on this request, calling {@link Communicator#progress} (it will move cleared data itself). */
    volatile boolean spinning;
    int source;
    int receivedTag;
    int received;
    private ConcordException failure;

    /** Intrusive links for the matching engine's queue of posted receives. */
    Request prev;
    Request next;

    Request(Communicator owner) {
        this.owner = owner;
    }

    Request prepare(boolean isSend, int peer, int tag, Object buffer, int offset, int count) {
        this.send = isSend;
        this.peer = peer;
        this.tag = tag;
        this.buffer = buffer;
        this.type = ElementType.of(buffer);
        this.offset = offset;
        this.count = count;
        this.seq = 0;
        this.source = -1;
        this.receivedTag = -1;
        this.received = 0;
        this.failure = null;
        this.prev = null;
        this.next = null;
        this.state = PENDING;
        return this;
    }

    /** True when complete; throws the failure if it failed. Never blocks. */
    public boolean test() {
        int s = state;
        if (s == FAILED) {
            throw rethrow();
        }
        if (s == IDLE) {
            throw released();
        }
        return s == DONE;
    }

    /** Waits up to the communicator's op timeout; returns the element count sent or received. */
    public int await() {
        return awaitNanos(owner.options().opTimeoutNanos());
    }

    /**
     * Waits up to {@code timeout}; returns the element count sent or received. When the timeout
     * passes before the message has started to move, the request is withdrawn and fails with
     * {@link OperationTimeoutException}, which every later {@link #test()} or {@code await}
     * throws again.
     */
    public int await(long timeout, TimeUnit unit) {
        return awaitNanos(unit.toNanos(timeout));
    }

    int awaitNanos(long timeoutNanos) {
        if (state == IDLE) {
            throw released();
        }
        if (state < DONE) {
            block(timeoutNanos);
        }
        if (state == FAILED) {
            throw rethrow();
        }
        return send ? count : received;
    }

    private void block(long timeoutNanos) {
        long start = System.nanoTime();
        long spinUntil = start + owner.options().spinNanos();
        boolean yields = owner.options().spinYields();
        int i = 0;
        spinning = true;
        owner.polling(this, true);
        try {
            while (state < DONE) {
                owner.progress(this);
                if ((++i & 7) == 0 && System.nanoTime() - spinUntil > 0) {
                    break;
                }
                if (yields) {
                    Thread.yield(); // another rank on this core may be the one we wait for
                } else {
                    Thread.onSpinWait();
                }
            }
        } finally {
            spinning = false;
            owner.polling(this, false);
        }
        if (state >= DONE) {
            return;
        }
        // A transport that saw `spinning` set left work to this thread: take it before parking.
        owner.progress(this);
        if (state >= DONE) {
            return;
        }
        long deadline = start + timeoutNanos;
        boolean extended = false;
        // complete() unparks one waiter; a second thread awaiting this request (it may: the
        // communicator is thread-safe) used to sleep until its deadline, so it naps instead
        boolean unparked = WAITER.compareAndSet(this, null, Thread.currentThread());
        try {
            while (state < DONE) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (owner.cancel(this)) {
                        // Withdrawn, so nothing will complete it: it fails for good, and a later
                        // test() or await() reports this again instead of waiting on a dead request.
                        OperationTimeoutException e = new OperationTimeoutException(describe() + " on rank "
                                + owner.rank() + " timed out after " + Durations.format(timeoutNanos));
                        fail(e);
                        throw e;
                    }
                    if (extended) {
                        throw new OperationTimeoutException(describe() + " on rank " + owner.rank()
                                + " was matched but its data stopped arriving; gave up after "
                                + Durations.format(System.nanoTime() - start));
                    }
                    // Its data is already moving; give the transport one peer timeout to finish.
                    extended = true;
                    deadline = System.nanoTime() + owner.options().peerTimeoutNanos();
                    continue;
                }
                LockSupport.parkNanos(this, unparked ? left : Math.min(left, SHARED_WAIT_NAP_NANOS));
            }
        } finally {
            if (unparked) {
                waiter = null;
            }
        }
    }

    private ConcordException rethrow() {
        ConcordException f = failure;
        if (f instanceof PeerFailedException) {
            PeerFailedException p = (PeerFailedException) f;
            return new PeerFailedException(p.failedRank(), p.getMessage() + " [in " + describe() + "]", f);
        }
        if (f instanceof OperationTimeoutException) {
            return new OperationTimeoutException(f.getMessage(), f); // the message describes this request already
        }
        return new ConcordException(f.getMessage() + " [in " + describe() + " on rank " + owner.rank() + "]", f);
    }

    private IllegalStateException released() {
        return new IllegalStateException("request of rank " + owner.rank()
                + " was released (returned to its communicator's pool); it cannot be tested or awaited again");
    }

    /** Rank the message came from (for receives, useful with ANY_SOURCE). */
    public int source() {
        return send ? owner.rank() : source;
    }

    /** Tag of the message (for receives, useful with ANY_TAG). */
    public int tag() {
        return send ? tag : receivedTag;
    }

    /** Elements sent, or received so far (final once complete). */
    public int count() {
        return send ? count : received;
    }

    /** Returns this completed request to its communicator's pool. */
    public void release() {
        int s = state;
        if (s == PENDING || s == CLAIMED) {
            throw new IllegalStateException("cannot release " + describe() + ": still in progress");
        }
        if (s == IDLE) {
            return;
        }
        buffer = null;
        state = IDLE;
        owner.recycle(this);
    }

    /** "receive from rank 3 (tag 7, 1000 doubles)": for messages. */
    public String describe() {
        String who = peer == Communicator.ANY_SOURCE ? "any rank" : "rank " + peer;
        String t = tag == Communicator.ANY_TAG ? "any tag" : "tag " + tag;
        return (send ? "send to " : "receive from ") + who + " (" + t + ", "
                + (type == null ? "?" : type.describe(count)) + ")";
    }

    void complete(int fromRank, int withTag, int elements) {
        source = fromRank;
        receivedTag = withTag;
        received = elements;
        state = DONE;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    void completeSend() {
        state = DONE;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    void fail(ConcordException cause) {
        failure = cause;
        state = FAILED;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }
}
