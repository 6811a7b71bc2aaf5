package dev.concord.runtime.shm;

import dev.concord.runtime.ConcordException;
import dev.concord.runtime.Durations;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.Link;
import dev.concord.runtime.MatchingCommunicator;
import dev.concord.runtime.MatchingEngine;
import dev.concord.runtime.OperationTimeoutException;
import dev.concord.runtime.Operations;
import dev.concord.runtime.Request;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.TypedBuffer;
import dev.concord.runtime.tcp.FrameDescriptor;
import dev.concord.runtime.tcp.LongQueue;
import dev.concord.runtime.tcp.SeqTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One rank's link to a peer on the same host, through a pair of {@link ShmRing}s. Frames are
 * those of TCP ({@link FrameDescriptor}); every frame is published whole, so the reader never
 * waits in the middle of one.
 *
 * <ul>
 *   <li>EAGER and RTS frames are written by the sending thread, which waits (spin, then back off,
 *       up to the op timeout) for room; the ring holds at least one whole eager frame.</li>
 *   <li>A rendezvous message's data goes, once the receiver's CTS arrives, as DATA frames of at
 *       most {@link #MAX_CHUNK} bytes, written whenever there is room; the receiver copies each
 *       chunk straight into the posted buffer. So a message of any size streams through the ring
 *       with no allocation, and neither side ever blocks inside a frame.</li>
 *   <li>Whoever holds the read lock (a thread waiting on this peer while it spins, else the
 *       {@link ShmPoller}) reads frames; the write side is served the same way. Neither ever
 *       blocks, so two ranks streaming to each other cannot deadlock.</li>
 * </ul>
 *
 * <p>{@link #tick} (on the poller) beats this side's liveness counter and declares the peer
 * failed when its process is gone (checked through its pid, exchanged at rendezvous) or its
 * counter has stood still past the peer timeout (stopped or hung).
 */
public final class ShmLink implements Link, MatchingEngine.EagerPayload, MatchingEngine.RendezvousSource {
    /** Largest DATA frame payload: small enough that copying in and copying out overlap. */
    static final int MAX_CHUNK = 128 * 1024;
    private static final int H = FrameDescriptor.HEADER;
    /** Room worth waking up for when DATA is pending. */
    private static final int MIN_ROOM = 4096;

    private final MatchingCommunicator comm;
    private final int peer;
    private final RuntimeOptions options;
    private final ShmRing out;
    private final ShmRing in;
    private final long peerPid;
    private final ProcessHandle peerProcess;
    /** The pair's TCP connection, kept as a doorbell: one byte wakes the peer's sleeping poller. */
    private final SocketChannel doorbell;
    private final ByteBuffer ring = ByteBuffer.allocateDirect(1);
    private final ByteBuffer ringBack = ByteBuffer.allocateDirect(1);
    private final ByteBuffer rung = ByteBuffer.allocateDirect(64);
    private Runnable wake = () -> { };

    // reader side (under readLock)
    private final ReentrantLock readLock = new ReentrantLock();
    private final ByteBuffer inHeader = ByteBuffer.allocate(H).order(ByteOrder.LITTLE_ENDIAN);
    private boolean receiving;
    private long receivingSeq;
    private Request receivingRequest;
    private int receivingTag;
    private long receivingTotal;
    private int receivingDone;
    private volatile boolean goodbyeReceived;

    // writer side (under writeLock)
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ByteBuffer outHeader = ByteBuffer.allocate(H).order(ByteOrder.LITTLE_ENDIAN);
    private final Backoff writeBackoff;
    private long nextSeq = 1;
    private volatile Request sending;
    private int sendingDone;

    // rendezvous bookkeeping and queued control/data frames (under this)
    private final SeqTable pendingSends = new SeqTable();
    private final SeqTable awaitingData = new SeqTable();
    /** Rendezvous sends withdrawn after their RTS went out (timed out): the peer may still clear them. */
    private final SeqTable withdrawn = new SeqTable();
    /** Control frames to write: a CTS for message {@code seq > 0}, a WITHDRAWN for {@code -seq}. */
    private final LongQueue clearToSend = new LongQueue();
    private final ArrayDeque<Request> cleared = new ArrayDeque<>();
    private volatile int queued;

    // watchdog (poller thread only)
    private long lastBeat = -1;
    private long lastBeatAt;
    private volatile boolean closed;
    private volatile boolean broken;

    /**
     * The link of {@code comm} to {@code peer} (pid {@code peerPid}) over {@code segment}; the
     * pair's authenticated TCP connection {@code doorbell} only carries wake-ups from now on.
     */
    public ShmLink(MatchingCommunicator comm, int peer, ShmSegment segment, long peerPid, SocketChannel doorbell) {
        this.comm = comm;
        this.doorbell = doorbell;
        this.peer = peer;
        this.options = comm.options();
        boolean low = comm.rank() < peer;
        this.out = segment.ring(low);
        this.in = segment.ring(!low);
        this.peerPid = peerPid;
        this.peerProcess = ProcessHandle.of(peerPid).orElse(null);
        this.writeBackoff = new Backoff(options.spinNanos(), TimeUnit.MICROSECONDS.toNanos(20),
                TimeUnit.MILLISECONDS.toNanos(1));
        this.lastBeatAt = System.nanoTime();
    }

    /** What to call when there is work for the poller (set once the poller exists). */
    void onWork(Runnable wakePoller) {
        this.wake = wakePoller;
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void sendEager(Request r) {
        ElementType type = Operations.type(r);
        int count = Operations.count(r);
        int frame = H + (int) FrameDescriptor.padded((long) count * type.size());
        writeLock.lock();
        try {
            awaitRoom(frame, r);
            header(FrameDescriptor.EAGER, type, Operations.tag(r), 0, (long) count * type.size());
            out.put(H, Operations.buffer(r), type, Operations.offset(r), count);
            publish(frame);
        } finally {
            writeLock.unlock();
            leftWork();
        }
        Operations.completeSend(r);
    }

    @Override
    public void sendRendezvous(Request r) {
        writeLock.lock();
        try {
            awaitRoom(H, r);
            long seq = nextSeq++;
            Operations.setSeq(r, seq);
            synchronized (this) {
                pendingSends.put(seq, r, Operations.tag(r));
            }
            header(FrameDescriptor.RTS, Operations.type(r), Operations.tag(r), seq, Operations.bytes(r));
            publish(H);
        } finally {
            writeLock.unlock();
            leftWork();
        }
    }

    @Override
    public void pull(long seq, Object ref, Request r, int source, int tag, ElementType type, int count) {
        String problem = Operations.mismatch(r, source, tag, type, count);
        if (problem != null) {
            Operations.fail(r, new ConcordException(problem));
        }
        synchronized (this) {
            // a mismatched receive is failed already; its data is still read, and dropped
            awaitingData.put(seq, problem == null ? r : null, tag, count);
            clearToSend.add(seq);
            queued++;
        }
        if (!pushIfFree()) {
            wake.run();
        }
    }

    @Override
    public boolean cancel(Request r) {
        synchronized (this) {
            boolean removed = pendingSends.remove(r);
            if (removed) {
                withdrawn.put(Operations.seq(r), null, 0);
            }
            return removed;
        }
    }

    @Override
    public void sendAbort(int failedRank, String reason) {
        if (closed) {
            return;
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int max = Math.min(FrameDescriptor.MAX_REASON, out.capacity() / 2);
        int n = Math.min(text.length, max);
        int frame = H + (int) FrameDescriptor.padded(n);
        try {
            // Bounded: if the ring stays full we give up on the courtesy; the peer detects us anyway.
            if (writeLock.tryLock(100, TimeUnit.MILLISECONDS)) {
                try {
                    if (out.room() >= frame) {
                        header(FrameDescriptor.ABORT, ElementType.BYTE, failedRank, 0, n);
                        out.put(H, text, ElementType.BYTE, 0, n);
                        publish(frame);
                    }
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void sendGoodbye() {
        writeLock.lock();
        try {
            awaitRoom(H, null);
            header(FrameDescriptor.GOODBYE, ElementType.BYTE, 0, 0, 0);
            publish(H);
        } catch (ConcordException e) {
            // the peer is gone already; close() proceeds
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean goodbyeReceived() {
        return goodbyeReceived || closed;
    }

    /** Publishes a frame (write lock held) and wakes the peer's poller if it sleeps. */
    private void publish(int bytes) {
        if (out.publish(bytes)) {
            ring.clear();
            try {
                doorbell.write(ring); // 0 when the socket is full: a wake-up is pending anyway
            } catch (IOException e) {
                // the peer is gone: its pid or its silence will tell
            }
        }
    }

    /** Releases a read frame (read lock held) and wakes the peer's poller if it waits for room. */
    private void consume(int bytes) {
        if (in.consume(bytes)) {
            ringBack.clear();
            try {
                doorbell.write(ringBack);
            } catch (IOException e) {
                // the peer is gone: its pid or its silence will tell
            }
        }
    }

    SocketChannel doorbell() {
        return doorbell;
    }

    /**
     * The poller will sleep ({@code true}) or is awake again. Returns whether work is waiting now:
     * frames to read, or frames to write that fit (with frames queued, the sleep also waits for
     * room, which the peer rings for when it frees some).
     */
    boolean asleep(boolean asleep) {
        if (closed || broken) {
            return false;
        }
        boolean work = in.asleep(asleep);
        if (!writeLock.tryLock()) {
            return work; // a sender holds it; it wakes the poller when it leaves work behind
        }
        try {
            boolean pending = queued > 0 || sending != null;
            return out.wantsRoom(asleep && pending, H + MIN_ROOM) && pending || work;
        } finally {
            writeLock.unlock();
        }
    }

    /** After a sender released the write lock: queued frames it kept the poller from are its job again. */
    private void leftWork() {
        if (queued > 0 || sending != null) {
            wake.run();
        }
    }

    /**
     * The doorbell rang (or closed): swallows the wake-ups; on end of stream, checks what that
     * means and returns false (nothing will ring again).
     */
    boolean doorbellRang() {
        int n;
        try {
            rung.clear();
            while ((n = doorbell.read(rung)) > 0) {
                rung.clear();
            }
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            peerHungUp("its connection closed");
            return false;
        }
        return true;
    }

    /** The peer's process or connection is gone: a failure unless it said goodbye first. */
    private void peerHungUp(String how) {
        if (closed || broken || goodbyeReceived) {
            return;
        }
        readLock.lock(); // it may have said goodbye, or relayed an abort, just before: read what it left
        try {
            poll();
        } finally {
            readLock.unlock();
        }
        if (!goodbyeReceived && !broken) {
            broken = true;
            comm.peerFailed(peer, how);
        }
    }

    private void header(int type, ElementType elem, int tag, long seq, long bytes) {
        FrameDescriptor.put(outHeader, 0, type, elem, tag, seq, bytes);
        out.putHeader(outHeader);
    }

    /**
     * Waits (write lock held) until {@code bytes} fit; meanwhile reads from the peer, which may be
     * waiting for this rank to make room on its side. Bounded by the op timeout.
     */
    private void awaitRoom(int bytes, Request r) {
        if (out.room() >= bytes) {
            return;
        }
        long start = System.nanoTime();
        writeBackoff.reset();
        while (out.room() < bytes) {
            ConcordException f = comm.failure();
            if (f != null) {
                throw f;
            }
            if (closed || broken) {
                throw new ConcordException("rank " + comm.rank() + ": the shared-memory link to rank " + peer
                        + " is closed (" + (r == null ? "goodbye" : r.describe()) + ")");
            }
            if (System.nanoTime() - start > options.opTimeoutNanos()) {
                throw new OperationTimeoutException((r == null ? "goodbye" : r.describe()) + " on rank " + comm.rank()
                        + " waited "
                        + Durations.format(System.nanoTime() - start) + " for room in the shared-memory ring to rank "
                        + peer + " (it is not receiving)");
            }
            if (!readIfFree()) {
                writeBackoff.idle();
            }
        }
    }

    // ---------------------------------------------------------------- progress

    @Override
    public void progress() {
        service();
    }

    /** Reads what has arrived and writes what is queued, without blocking; true if anything moved. */
    boolean service() {
        if (closed || broken || comm.failure() != null) {
            return false;
        }
        boolean moved = readIfFree();
        return pushIfFree() | moved;
    }

    private boolean readIfFree() {
        if (!readLock.tryLock()) {
            return false;
        }
        try {
            return poll();
        } finally {
            readLock.unlock();
        }
    }

    private boolean pushIfFree() {
        if (queued == 0 && sending == null || !writeLock.tryLock()) {
            return false;
        }
        try {
            return push();
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes queued CTS frames, then DATA chunks, as far as there is room (write lock held). */
    private boolean push() {
        boolean moved = false;
        while (true) {
            if (sending == null) {
                long control = 0;
                synchronized (this) {
                    if (queued == 0 || out.room() < H) {
                        return moved;
                    }
                    if (!clearToSend.isEmpty()) {
                        control = clearToSend.poll();
                    } else {
                        sending = cleared.poll();
                        sendingDone = 0;
                    }
                    queued--;
                }
                if (control != 0) {
                    header(control > 0 ? FrameDescriptor.CTS : FrameDescriptor.WITHDRAWN, ElementType.BYTE, 0,
                            Math.abs(control), 0);
                    publish(H);
                    moved = true;
                    continue;
                }
            }
            Request r = sending;
            ElementType type = Operations.type(r);
            int size = type.size();
            int room = Math.min(out.room() - H, MAX_CHUNK) & ~7;
            int n = Math.min(Operations.count(r) - sendingDone, Math.max(0, room) / size);
            if (n == 0) {
                return moved;
            }
            header(FrameDescriptor.DATA, type, Operations.tag(r), Operations.seq(r), (long) n * size);
            out.put(H, Operations.buffer(r), type, Operations.offset(r) + sendingDone, n);
            publish(H + (int) FrameDescriptor.padded((long) n * size));
            sendingDone += n;
            moved = true;
            if (sendingDone == Operations.count(r)) {
                sending = null;
                Operations.completeSend(r);
            }
        }
    }

    /** Handles every complete frame that has arrived (read lock held); true if any was. */
    private boolean poll() {
        boolean moved = false;
        while (!broken) {
            if (in.available() < H) {
                return moved;
            }
            in.getHeader(inHeader);
            String problem = FrameDescriptor.validate(inHeader, 0, options.maxFrameBytes());
            if (problem != null) {
                return malformed(problem);
            }
            int type = inHeader.get(FrameDescriptor.TYPE_OFFSET);
            ElementType elem = ElementType.ofId(inHeader.get(FrameDescriptor.ELEM_OFFSET));
            int tag = inHeader.getInt(FrameDescriptor.TAG_OFFSET);
            long seq = inHeader.getLong(FrameDescriptor.SEQ_OFFSET);
            long length = inHeader.getLong(FrameDescriptor.LENGTH_OFFSET);
            int count = (int) (length / elem.size());
            boolean payload = type == FrameDescriptor.EAGER || type == FrameDescriptor.DATA
                    || type == FrameDescriptor.ABORT; // RTS announces a length but carries none
            int frame = H + (payload ? (int) FrameDescriptor.padded(length) : 0);
            switch (type) {
                case FrameDescriptor.EAGER:
                    if (!deliverEager(tag, elem, count)) {
                        return moved; // no buffer space at this rank yet: offered again on a later poll
                    }
                    break;
                case FrameDescriptor.RTS:
                    comm.engine().arriveRendezvous(peer, tag, elem, count, this, seq, null);
                    break;
                case FrameDescriptor.CTS:
                    if (!clearedToSend(seq)) {
                        return malformed("clear-to-send for unknown message " + seq);
                    }
                    break;
                case FrameDescriptor.WITHDRAWN:
                    if (!withdrawnByPeer(seq)) {
                        return malformed("withdrawal of unknown message " + seq);
                    }
                    break;
                case FrameDescriptor.DATA:
                    if (!receiveChunk(seq, elem, count)) {
                        return false;
                    }
                    break;
                case FrameDescriptor.ABORT:
                    byte[] reason = new byte[count];
                    in.get(H, reason, ElementType.BYTE, 0, count);
                    consume(frame);
                    comm.abortReceived(peer, tag, new String(reason, StandardCharsets.UTF_8));
                    return true;
                case FrameDescriptor.GOODBYE:
                    goodbyeReceived = true;
                    comm.peerFinished(peer);
                    break;
                default: // HEARTBEAT: liveness is the beat counter; nothing to do
            }
            consume(frame);
            moved = true;
        }
        return moved;
    }

    private boolean deliverEager(int tag, ElementType elem, int count) {
        try {
            return comm.engine().arriveEager(peer, tag, elem, count, this, Long.MAX_VALUE, false);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("shared-memory payloads do not fail to copy", e);
        }
    }

    private boolean clearedToSend(long seq) {
        synchronized (this) {
            int i = pendingSends.find(seq);
            if (i >= 0) {
                cleared.add(pendingSends.request(i));
                pendingSends.remove(i);
            } else {
                int w = withdrawn.find(seq);
                if (w < 0) {
                    return false;
                }
                withdrawn.remove(w);
                clearToSend.add(-seq); // tell the peer; its receive matches the next message instead
            }
            queued++;
        }
        wake.run();
        return true;
    }

    /** The peer withdrew message {@code seq} after we cleared it: its receive matches the next message instead. */
    private boolean withdrawnByPeer(long seq) {
        Request r;
        synchronized (this) {
            int i = awaitingData.find(seq);
            if (i < 0) {
                return false;
            }
            r = awaitingData.request(i);
            awaitingData.remove(i);
        }
        if (r != null) { // null: a mismatched receive, failed already
            comm.engine().repost(r);
        }
        return true;
    }

    /** One chunk of rendezvous message {@code seq}: straight into the receive's buffer. */
    private boolean receiveChunk(long seq, ElementType elem, int count) {
        if (!receiving) {
            synchronized (this) {
                int i = awaitingData.find(seq);
                if (i < 0) {
                    return malformed("data for unknown message " + seq);
                }
                receivingRequest = awaitingData.request(i);
                receivingTag = awaitingData.tag(i);
                receivingTotal = awaitingData.value(i);
                awaitingData.remove(i);
            }
            receiving = true;
            receivingSeq = seq;
            receivingDone = 0;
        } else if (seq != receivingSeq) {
            return malformed("data for message " + seq + " while message " + receivingSeq + " is incomplete");
        }
        if (receivingDone + (long) count > receivingTotal) {
            return malformed("message " + seq + " is longer than the " + receivingTotal + " elements announced");
        }
        Request r = receivingRequest;
        if (r != null) {
            in.get(H, Operations.buffer(r), elem, Operations.offset(r) + receivingDone, count);
        }
        receivingDone += count;
        if (receivingDone == receivingTotal) {
            receiving = false;
            receivingRequest = null;
            if (r != null) {
                Operations.completeReceive(r, peer, receivingTag, receivingDone);
            }
        }
        return true;
    }

    private boolean malformed(String problem) {
        broken = true;
        comm.peerFailed(peer, "sent a malformed shared-memory frame: " + problem);
        return false;
    }

    // ---------------------------------------------------------------- eager payload (read lock held)

    @Override
    public void copyTo(Object dst, ElementType type, int off, int count) {
        in.get(H, dst, type, off, count);
    }

    @Override
    public void copyTo(TypedBuffer block, ElementType type, int count) {
        in.get(H, block, count * type.size());
    }

    @Override
    public void skip(ElementType type, int count) {
        // poll() consumes the whole frame after delivery
    }

    // ---------------------------------------------------------------- failure and watchdog

    /** Called periodically by the poller: beats, and checks the peer's beat and process. */
    void tick(long now) {
        if (closed || broken || goodbyeReceived) {
            return;
        }
        out.beat();
        long beat = in.peerBeat();
        if (beat != lastBeat) {
            lastBeat = beat;
            lastBeatAt = now;
        }
        if (peerProcess != null && !peerProcess.isAlive()) {
            peerHungUp("its process (pid " + peerPid + ") is gone (killed or crashed)");
            return;
        }
        if (now - lastBeatAt > options.peerTimeoutNanos()) {
            broken = true;
            comm.peerFailed(peer, "silent for " + Durations.format(now - lastBeatAt)
                    + " (its shared-memory heartbeat stopped; stopped, hung or overloaded)");
        }
    }

    @Override
    public void fail(ConcordException cause) {
        Request[] sends;
        Request[] receives;
        Request[] clearedSends;
        synchronized (this) {
            sends = pendingSends.drain();
            receives = awaitingData.drain();
            clearedSends = cleared.toArray(new Request[0]);
            cleared.clear();
        }
        for (Request[] batch : new Request[][] {sends, receives, clearedSends}) {
            for (Request r : batch) {
                if (r != null) {
                    Operations.fail(r, cause);
                }
            }
        }
        // the chunk in flight: whoever holds the lock is about to notice the failure instead
        if (writeLock.tryLock()) {
            try {
                if (sending != null) {
                    Operations.fail(sending, cause);
                    sending = null;
                }
            } finally {
                writeLock.unlock();
            }
        }
        if (readLock.tryLock()) {
            try {
                if (receivingRequest != null) {
                    Operations.fail(receivingRequest, cause);
                    receivingRequest = null;
                }
            } finally {
                readLock.unlock();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            doorbell.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
