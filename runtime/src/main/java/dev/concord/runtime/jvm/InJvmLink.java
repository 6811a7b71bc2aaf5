package dev.concord.runtime.jvm;

import dev.concord.runtime.ConcordException;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.Link;
import dev.concord.runtime.MatchingCommunicator;
import dev.concord.runtime.MatchingEngine;
import dev.concord.runtime.Operations;
import dev.concord.runtime.Request;
import dev.concord.runtime.TypedBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One rank's link to another in the same JVM. Eager sends copy into the receiver's posted buffer
 * or a buffered block on the sender's thread; rendezvous sends wait in the receiver's queue and
 * are copied by whichever thread posts the matching receive.
 */
public final class InJvmLink implements Link, MatchingEngine.EagerPayload, MatchingEngine.RendezvousSource {
    private final java.util.function.IntFunction<MatchingCommunicator> world;
    private final MatchingCommunicator from;
    private final int to;
    private final ReentrantLock sending = new ReentrantLock();
    private Request current;
    /** Rendezvous sends announced to the peer and not yet pulled. */
    private final java.util.ArrayList<Request> pendingSends = new java.util.ArrayList<>();

    /** The link from {@code from} to rank {@code to}; {@code world} finds a rank's communicator. */
    public InJvmLink(java.util.function.IntFunction<MatchingCommunicator> world, MatchingCommunicator from, int to) {
        this.world = world;
        this.from = from;
        this.to = to;
    }

    private MatchingCommunicator target() {
        return world.apply(to);
    }

    /** A rank's link to itself, for any transport: self-sends are copied like in-JVM messages. */
    public static InJvmLink toSelf(MatchingCommunicator self) {
        return new InJvmLink(r -> self, self, self.rank());
    }

    /**
     * Copies the message into the receiver's posted buffer or a buffered block. A message to self
     * never waits for buffer space: only this rank's own receives could free it, so an {@code
     * isend} to self would block the thread that has to post them (until the op timeout). When
     * the unexpected buffer is full it is queued like a rendezvous message instead, in order,
     * and copied from the sender's array when the receive is posted.
     */
    @Override
    public void sendEager(Request r) {
        MatchingCommunicator t = target();
        boolean self = to == from.rank();
        boolean delivered;
        sending.lock();
        try {
            current = r;
            delivered = t.engine().arriveEager(from.rank(), Operations.tag(r), Operations.type(r), Operations.count(r),
                    this, System.nanoTime() + from.options().opTimeoutNanos(), !self);
        } catch (java.io.IOException e) {
            throw new ConcordException("in-JVM delivery failed: " + e, e);
        } finally {
            current = null;
            sending.unlock();
        }
        if (delivered) {
            Operations.completeSend(r);
        } else {
            sendRendezvous(r);
        }
    }

    @Override
    public void sendRendezvous(Request r) {
        synchronized (pendingSends) {
            pendingSends.add(r);
        }
        target().engine().arriveRendezvous(from.rank(), Operations.tag(r), Operations.type(r), Operations.count(r),
                this, 0, r);
    }

    @Override
    public void pull(long seq, Object ref, Request recv, int source, int tag, ElementType type, int count) {
        Request send = (Request) ref;
        synchronized (pendingSends) {
            pendingSends.remove(send);
        }
        String problem = Operations.mismatch(recv, source, tag, type, count);
        if (problem == null) {
            TypedBuffer.copy(Operations.buffer(send), Operations.offset(send), Operations.buffer(recv),
                    Operations.offset(recv), count, type);
            Operations.completeReceive(recv, source, tag, count);
        } else {
            Operations.fail(recv, new ConcordException(problem));
        }
        Operations.completeSend(send);
    }

    @Override
    public void copyTo(Object dst, ElementType type, int off, int count) {
        TypedBuffer.copy(Operations.buffer(current), Operations.offset(current), dst, off, count, type);
    }

    @Override
    public void copyTo(TypedBuffer block, ElementType type, int count) {
        block.put(0, Operations.buffer(current), type, Operations.offset(current), count);
    }

    @Override
    public void skip(ElementType type, int count) {
        // nothing to consume: the data stays in the sender's array
    }

    @Override
    public boolean cancel(Request r) {
        if (!target().engine().withdraw(r)) {
            return false;
        }
        synchronized (pendingSends) {
            pendingSends.remove(r);
        }
        return true;
    }

    @Override
    public void fail(ConcordException cause) {
        Request[] pending;
        synchronized (pendingSends) {
            pending = pendingSends.toArray(new Request[0]);
            pendingSends.clear();
        }
        for (Request r : pending) {
            Operations.fail(r, cause);
        }
    }

    @Override
    public void sendAbort(int failedRank, String reason) {
        if (to != from.rank()) {
            target().abortReceived(from.rank(), failedRank, reason);
        }
    }

    @Override
    public void sendGoodbye() {
        // delivery is synchronous: nothing is in flight once a rank stops sending
        target().peerFinished(from.rank());
    }

    @Override
    public boolean goodbyeReceived() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
