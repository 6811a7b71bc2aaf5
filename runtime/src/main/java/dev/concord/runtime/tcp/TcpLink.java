package dev.concord.runtime.tcp;

import dev.concord.runtime.ConcordException;
import dev.concord.runtime.Durations;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.Link;
import dev.concord.runtime.MatchingCommunicator;
import dev.concord.runtime.MatchingEngine;
import dev.concord.runtime.Operations;
import dev.concord.runtime.Request;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.TypedBuffer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One authenticated TCP connection to one peer (a non-blocking channel). Whoever holds the read
 * lock parses frames and hands them to the {@link MatchingEngine}, copying payloads straight into
 * posted receive buffers: a thread waiting for a message from this peer does so itself while it
 * spins ({@link #progress}, as MPI progresses in the caller — no thread hand-off), otherwise the
 * reader thread, woken by a selector; it stands aside while callers poll ({@link #asideFor}), so
 * that it is not woken for every frame they read anyway. Callers write eager frames themselves; a writer thread sends
 * rendezvous data (after the peer's CTS), CTS frames and heartbeats. Whoever reads never blocks on
 * a write, so two ranks sending large messages to each other cannot deadlock on full buffers; a
 * caller that reads never waits for buffer space either (it leaves that frame to the reader).
 * Conversely a write of the rest of a frame that waits for socket space reads in its own thread
 * meanwhile ({@link #writePending}), so that on a small machine one thread per rank, not two, moves
 * both directions of an exchange.
 *
 * <p>{@link #tick} (called by the {@link Watchdog}) declares the peer failed when it has been
 * silent past the peer timeout, or when a write to it has been blocked past the op timeout.
 */
final class TcpLink implements Link, MatchingEngine.EagerPayload, MatchingEngine.RendezvousSource {
    private static final int BUFFER = 1024 * 1024;
    private static final long FRAME_SPIN_NANOS = 20_000;
    /** After a caller last polled this connection, the reader thread stays aside this long (see {@link #readLoop}). */
    private static final long ASIDE_NANOS = 1_000_000;
    /** While callers poll, the reader checks back this often (one leaving to park calls it back at once). */
    private static final long POLLED_ASIDE_NANOS = 5_000_000;
    private static final long HEARTBEAT_ITEM = -1;
    private static final long FLUSH_ITEM = -2;
    /** Control items at or below this are WITHDRAWN frames, for message {@code WITHDRAWN_ITEM - item}. */
    private static final long WITHDRAWN_ITEM = -3;
    /** Payloads of primitive arrays at least this large move between socket and array natively ({@link NativeIo}). */
    private static final long NATIVE_MIN_BYTES = 32 * 1024;
    private static final byte[] ZEROS = new byte[8];

    private final MatchingCommunicator comm;
    private final int peer;
    private final SocketChannel channel;
    /** The socket's descriptor for {@link NativeIo}, or -1 when payloads are staged in Java. */
    private final int fd;
    private final RuntimeOptions options;

    // reader side (under readLock)
    private final ReentrantLock readLock = new ReentrantLock();
    private final TypedBuffer in = new TypedBuffer(BUFFER);
    private int readPos;
    private int readLimit;
    /** Bytes read from the socket so far (progress check for {@link #readInline}). */
    private long bytesRead;
    /** The header of the EAGER frame at readPos is not consumed yet (the engine may decline it). */
    private boolean headerPending;
    private volatile long lastRead = System.nanoTime();
    private volatile boolean readDone;
    private final Selector readable;
    /** Used only by the read-lock holder while it waits for the rest of a frame. */
    private final Selector midFrame;
    private final Selector writable;
    private Thread reader;
    /** Threads calling {@link #progress} in a loop: they read this connection, so the reader thread stands aside. */
    private final java.util.concurrent.atomic.AtomicInteger pollers = new java.util.concurrent.atomic.AtomicInteger();
    /** When the last poller left with its request done (0: the reader is needed now). */
    private volatile long lastPollerLeft;
    /** The reader thread is parked aside (see {@link #readLoop}). */
    private volatile boolean readerAside;

    // writer side (under writeLock)
    private final ReentrantLock writeLock = new ReentrantLock();
    private final TypedBuffer out = new TypedBuffer(BUFFER);
    /** Bytes [outStart, outPos) of {@code out} are waiting to be written. */
    private int outStart;
    private int outPos;
    private long nextSeq = 1;
    private volatile long lastWrite = System.nanoTime();
    private volatile long writeStartedAt;
    /** A write waits for socket space (set in {@link #awaitWritable}, cleared when the frame is out): the reader thread must read. */
    private volatile boolean writeBlocked;
    /**
     * The write in progress (see {@link #writePending}): its thread, and a native payload's array,
     * first byte, length and bytes written so far (or, with no array, the end of the staged bytes
     * in {@code out}, written from {@code outStart}). While that write waits for socket space, its
     * thread reads this connection itself, and a wait for the rest of an incoming frame inside that
     * read writes more of this payload ({@link #writeSomeOfPending}): two ranks sending each other
     * large messages then progress both directions in their own threads. Only a write of the rest
     * of a frame reads inline (a native payload with its padding, or staged bytes ending a frame):
     * were the rest of our frame elsewhere, this thread could wait inside the read for the rest of
     * the peer's frame while the peer waited inside its own for the rest of ours.
     */
    private Thread pendingWriter;
    private Object pendingArray;
    private long pendingFrom;
    private long pendingBytes;
    private long pendingDone;
    /** Zero bytes to write after a native payload (frames are 8-aligned). */
    private int pendingPad;
    private int pendingStagedEnd;

    // rendezvous bookkeeping (under this)
    private final SeqTable pendingSends = new SeqTable();
    private final SeqTable awaitingData = new SeqTable();
    /** Rendezvous sends withdrawn after their RTS went out (timed out): the peer may still clear them. */
    private final SeqTable withdrawn = new SeqTable();
    /** Rendezvous messages waiting for the peer (a CTS or DATA): the reader thread must not stand aside. */
    private volatile int rendezvous;

    // writer thread work (under queueLock)
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition work = queueLock.newCondition();
    private final ArrayDeque<Request> dataQueue = new ArrayDeque<>();
    private final LongQueue controlQueue = new LongQueue();
    private Thread writer;

    private volatile boolean goodbyeReceived;
    private volatile boolean closed;

    TcpLink(MatchingCommunicator comm, int peer, SocketChannel channel) {
        this.comm = comm;
        this.peer = peer;
        this.channel = channel;
        this.fd = NativeIo.fd(channel);
        this.options = comm.options();
        try {
            channel.configureBlocking(false);
            this.readable = Selector.open();
            this.midFrame = Selector.open();
            this.writable = Selector.open();
            channel.register(readable, SelectionKey.OP_READ);
            channel.register(midFrame, SelectionKey.OP_READ);
            channel.register(writable, SelectionKey.OP_WRITE);
        } catch (IOException e) {
            throw new ConcordException("rank " + comm.rank() + ": cannot set up the connection to rank " + peer + ": "
                    + e.getMessage(), e);
        }
    }

    /** Starts the reader and writer threads (after the communicator exists). */
    void start() {
        String name = "concord-r" + comm.rank() + "-peer" + peer;
        reader = new Thread(this::readLoop, name + "-reader");
        reader.setDaemon(true);
        writer = new Thread(this::writeLoop, name + "-writer");
        writer.setDaemon(true);
        long now = System.nanoTime();
        lastRead = now;
        lastWrite = now;
        reader.start();
        writer.start();
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void sendEager(Request r) {
        writeLock.lock();
        try {
            writeFrame(FrameDescriptor.EAGER, Operations.type(r), Operations.tag(r), 0,
                    Operations.buffer(r), Operations.offset(r), Operations.count(r));
        } catch (IOException e) {
            throw failed("send failed", e);
        } finally {
            writeLock.unlock();
        }
        Operations.completeSend(r);
    }

    @Override
    public void sendRendezvous(Request r) {
        writeLock.lock();
        try {
            long seq = nextSeq++;
            Operations.setSeq(r, seq);
            synchronized (this) {
                pendingSends.put(seq, r, Operations.tag(r));
                rendezvousChanged();
            }
            writeFrame(FrameDescriptor.RTS, Operations.type(r), Operations.tag(r), seq, null, 0, 0,
                    Operations.bytes(r));
        } catch (IOException e) {
            throw failed("send failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void pull(long seq, Object ref, Request r, int source, int tag, ElementType type, int count) {
        synchronized (this) {
            awaitingData.put(seq, r, tag);
            rendezvousChanged();
        }
        if (readLock.isHeldByCurrentThread()) {
            // Whoever reads must not block on a write: write the CTS only if that needs no waiting.
            if (!tryWriteControl(FrameDescriptor.CTS, seq)) {
                enqueueControl(seq);
            }
            return;
        }
        writeLock.lock();
        try {
            writeFrame(FrameDescriptor.CTS, ElementType.BYTE, 0, seq, null, 0, 0, 0);
        } catch (IOException e) {
            throw failed("send failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean cancel(Request r) {
        synchronized (this) {
            boolean removed = pendingSends.remove(r);
            if (removed) {
                withdrawn.put(Operations.seq(r), null, 0);
            }
            rendezvousChanged();
            return removed;
        }
    }

    @Override
    public void sendAbort(int failedRank, String reason) {
        if (closed || writeLock.isHeldByCurrentThread()) {
            return; // this thread is writing a frame here (a failure found mid-write): never interleave frames
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > FrameDescriptor.MAX_REASON) {
            text = java.util.Arrays.copyOf(text, FrameDescriptor.MAX_REASON);
        }
        try {
            // Bounded: if a write is stuck we give up on the courtesy; the peer detects us anyway.
            if (writeLock.tryLock(100, TimeUnit.MILLISECONDS)) {
                try {
                    writeFrame(FrameDescriptor.ABORT, ElementType.BYTE, failedRank, 0, text, 0, text.length);
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (IOException | InterruptedException e) {
            // best effort
        }
    }

    @Override
    public void sendGoodbye() {
        writeLock.lock();
        try {
            writeFrame(FrameDescriptor.GOODBYE, ElementType.BYTE, 0, 0, null, 0, 0);
        } catch (IOException e) {
            // the peer is gone already; close() proceeds
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean goodbyeReceived() {
        return goodbyeReceived || closed;
    }

    /**
     * Writes a header-only frame if that needs no waiting: the write lock is free and the socket
     * takes at least part of it (the writer thread flushes any rest). False if it must be queued.
     */
    private boolean tryWriteControl(int type, long seq) {
        if (writeLock.isHeldByCurrentThread() || !writeLock.tryLock()) {
            return false;
        }
        try {
            if (out.capacity() - outPos < FrameDescriptor.HEADER) {
                return false;
            }
            FrameDescriptor.put(out.bytes(), outPos, type, ElementType.BYTE, 0, seq, 0);
            outPos += FrameDescriptor.HEADER;
            ByteBuffer b = out.bytes();
            b.limit(outPos).position(outStart);
            channel.write(b);
            outStart = b.position();
            b.clear();
            if (outStart == outPos) {
                outStart = 0;
                outPos = 0;
                lastWrite = System.nanoTime();
            } else {
                enqueueControl(FLUSH_ITEM);
            }
            return true;
        } catch (IOException e) {
            failed("send failed", e);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    private void writeFrame(int type, ElementType elem, int tag, long seq, Object buf, int off, int count)
            throws IOException {
        writeFrame(type, elem, tag, seq, buf, off, count, (long) count * elem.size());
    }

    /** Writes header and payload ({@code count} elements of {@code buf}, or none); lock held. */
    private void writeFrame(int type, ElementType elem, int tag, long seq, Object buf, int off, int count,
            long announcedBytes) throws IOException {
        writeStartedAt = System.nanoTime();
        try {
            if (out.capacity() - outPos < FrameDescriptor.HEADER) {
                flush(false);
            }
            FrameDescriptor.put(out.bytes(), outPos, type, elem, tag, seq, announcedBytes);
            outPos += FrameDescriptor.HEADER;
            if (buf != null && directly(buf, (long) count * elem.size())) {
                flushHeader(); // the header, and whatever was queued before it
                long bytes = (long) count * elem.size();
                writeNative(buf, (long) off * elem.size(), bytes, (int) (FrameDescriptor.padded(bytes) - bytes));
            } else if (buf != null) {
                int size = elem.size();
                int done = 0;
                while (done < count) {
                    int room = (out.capacity() - outPos) / size;
                    if (room == 0) {
                        flush(true);
                        continue;
                    }
                    int n = Math.min(room, count - done);
                    out.put(outPos, buf, elem, off + done, n);
                    outPos += n * size;
                    done += n;
                }
                int pad = (int) (FrameDescriptor.padded(outPos) - outPos);
                if (pad > 0) {
                    if (out.capacity() - outPos < pad) {
                        flush(true);
                    }
                    for (int i = 0; i < pad; i++) {
                        out.bytes().put(outPos++, (byte) 0);
                    }
                }
            }
            flush(false);
        } finally {
            writeStartedAt = 0;
            writeBlocked = false;
        }
    }

    /** True if a payload of {@code bytes} in {@code buf} moves natively between socket and array. */
    private boolean directly(Object buf, long bytes) {
        return fd >= 0 && bytes >= NATIVE_MIN_BYTES && !(buf instanceof ByteBuffer);
    }

    /**
     * Writes {@code bytes} of primitive array {@code array} from byte {@code from} straight to the
     * socket, then {@code pad} zero bytes: the rest of a frame (lock held).
     */
    private void writeNative(Object array, long from, long bytes, int pad) throws IOException {
        pendingArray = array;
        pendingFrom = from;
        pendingBytes = bytes;
        pendingDone = 0;
        pendingPad = pad;
        try {
            writePending(true);
        } finally {
            pendingArray = null;
        }
    }

    /**
     * Writes the pending bytes (lock held): a native payload ({@code pendingArray}), or the staged
     * bytes of {@code out} up to {@code pendingStagedEnd}. While the socket takes no more and these
     * bytes end a frame ({@code frameEnds}; otherwise it spins, then sleeps with the reader thread
     * called back), this thread reads the connection itself ({@link #readInline}) for the spin time, then sleeps until
     * it is writable with the reader thread called back: the peer may be writing to us just the
     * same, and on a small machine a second thread per rank doing the reading only competes for
     * the cores.
     */
    private void writePending(boolean frameEnds) throws IOException {
        pendingWriter = Thread.currentThread();
        // A large write will likely find the socket full and read meanwhile: the reader thread
        // stands aside from the start (otherwise it may take the peer's frame first).
        boolean reading = frameEnds && pendingLeft() >= NATIVE_MIN_BYTES;
        if (reading) {
            polling(true, false);
        }
        long spinUntil = 0;
        try {
            while (pendingLeft() > 0) {
                if (closed) {
                    throw new ClosedChannelException();
                }
                if (writeSomeOfPending()) {
                    spinUntil = 0;
                    continue;
                }
                if (!frameEnds) {
                    // Not the rest of the frame: reading inline could wait for the rest of a peer
                    // frame while the peer waits for the rest of ours (see pendingWriter).
                    spinUntil = spinOrAwaitWritable(spinUntil, true);
                    continue;
                }
                if (!reading) {
                    reading = true;
                    polling(true, false); // this thread reads now: the reader thread stands aside
                }
                int read = readInline();
                if (read > 0) {
                    spinUntil = 0;
                } else {
                    // read < 0: someone else reads (or reading failed), so call the reader thread
                    // at once; 0: this thread reads, the reader is called only when the spin ends
                    spinUntil = spinOrAwaitWritable(spinUntil, read < 0);
                }
            }
        } finally {
            pendingWriter = null;
            if (reading) {
                polling(false, false);
            }
        }
    }

    private long pendingLeft() {
        return pendingArray != null ? pendingBytes - pendingDone + pendingPad : pendingStagedEnd - outStart;
    }

    /**
     * Reads what has arrived on this connection, in the thread of a payload write that waits for
     * socket space (write lock held). Returns the bytes read (0: none waiting), or -1 if another
     * thread holds the read lock or reading failed (then it reads, or the failure is reported).
     */
    private int readInline() {
        if (readDone || !readLock.tryLock()) {
            return -1;
        }
        try {
            long before = bytesRead;
            poll(false);
            return (int) Math.min(Integer.MAX_VALUE, bytesRead - before);
        } catch (IOException | RuntimeException e) {
            readFailed(e);
            return -1;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * In a wait for the rest of an incoming frame: if this thread's own payload write is pending
     * ({@link #writeNative} reading inline), writes more of it. Without this two ranks could each
     * wait for the rest of the other's frame while holding back the rest of their own.
     */
    private boolean writeSomeOfPending() throws IOException {
        if (pendingWriter != Thread.currentThread() || pendingLeft() <= 0) {
            return false;
        }
        if (pendingArray != null && pendingDone < pendingBytes) {
            long n = NativeIo.write(fd, pendingArray, pendingFrom + pendingDone, pendingBytes - pendingDone);
            if (n == NativeIo.WOULD_BLOCK) {
                return false;
            }
            pendingDone += n;
        } else if (pendingArray != null) {
            long n = NativeIo.write(fd, ZEROS, 0, pendingPad);
            if (n == NativeIo.WOULD_BLOCK) {
                return false;
            }
            pendingPad -= (int) n;
        } else {
            ByteBuffer b = out.bytes();
            b.limit(pendingStagedEnd).position(outStart);
            int n = channel.write(b);
            outStart = b.position();
            b.clear();
            if (n == 0) {
                return false;
            }
        }
        lastWrite = System.nanoTime();
        return true;
    }

    /**
     * Writes the buffered bytes. With {@code keepTail}, writes only up to the last 8-aligned
     * offset and moves the rest to the front, so frames stay 8-aligned in the buffer.
     */
    private void flush(boolean keepTail) throws IOException {
        flush(keepTail, !keepTail);
    }

    /** Writes the buffered bytes up to a frame's header, whose payload follows natively. */
    private void flushHeader() throws IOException {
        flush(false, false);
    }

    /**
     * {@link #flush(boolean)}; {@code frameEnds}: the buffered bytes end with the end of a frame,
     * so this write may read inline while it waits ({@link #writePending}).
     */
    private void flush(boolean keepTail, boolean frameEnds) throws IOException {
        int end = keepTail ? outPos & ~7 : outPos;
        pendingStagedEnd = end;
        writePending(frameEnds);
        ByteBuffer b = out.bytes();
        int tail = outPos - end;
        for (int i = 0; i < tail; i++) {
            b.put(i, b.get(end + i));
        }
        outPos = tail;
        outStart = 0;
        lastWrite = System.nanoTime();
    }

    /** One pause of a spin: yields the core if ranks outnumber cores (the peer may need it), else a CPU hint. */
    private void spinPause() {
        if (options.spinYields()) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    /** A write waits for socket space: the reader thread must read meanwhile (see {@link #asideFor}). */
    private void writeBlocked() {
        if (!writeBlocked) {
            writeBlocked = true;
            if (readerAside) {
                java.util.concurrent.locks.LockSupport.unpark(reader);
            }
        }
    }

    /**
     * While the socket takes no more of a payload: retries for the spin time first (the peer is
     * reading it; sleeping would add a wake-up per socket buffer), then {@link #awaitWritable}.
     * {@code spinUntil} is 0 on the first call; returns the value to pass next time. With {@code
     * callReader} the reader thread is called back when the spin starts, otherwise only when it
     * ends (by {@link #awaitWritable}).
     */
    private long spinOrAwaitWritable(long spinUntil, boolean callReader) throws IOException {
        long now = System.nanoTime();
        if (spinUntil == 0) {
            spinUntil = now + options.spinNanos();
            if (callReader) {
                writeBlocked();
            }
        }
        if (now - spinUntil < 0) {
            if (closed) {
                throw new ClosedChannelException();
            }
            spinPause();
        } else {
            awaitWritable();
        }
        return spinUntil;
    }

    /**
     * Waits (lock held) until the socket takes more bytes; the watchdog bounds how long. The peer
     * may be blocked writing to us just the same, so the reader thread must be reading meanwhile:
     * it is called back if it stood aside.
     */
    private void awaitWritable() throws IOException {
        if (closed || !channel.isOpen()) {
            throw new ClosedChannelException();
        }
        writeBlocked();
        try {
            writable.select(100);
            writable.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new ClosedChannelException();
        }
    }

    // ---------------------------------------------------------------- writer thread

    private void enqueueControl(long seq) {
        queueLock.lock();
        try {
            controlQueue.add(seq);
            work.signal();
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Queues cleared send {@code r} for the writer thread, but leaves it to the thread spinning
     * on {@code r}, if any (it writes it in {@link #writeIfCleared}; waking the writer would only
     * add a context switch). {@code spinning} is read after the add and the spinner re-polls after
     * clearing it, so one of the two always takes the request.
     */
    private void enqueueData(Request r) {
        queueLock.lock();
        try {
            dataQueue.add(r);
        } finally {
            queueLock.unlock();
        }
        if (!Operations.isSpinning(r)) {
            signalWriter();
        }
    }

    private void signalWriter() {
        queueLock.lock();
        try {
            work.signal();
        } finally {
            queueLock.unlock();
        }
    }

    @Override
    public void writeIfCleared(Request r) {
        queueLock.lock();
        try {
            if (dataQueue.isEmpty() || !dataQueue.remove(r)) {
                return;
            }
        } finally {
            queueLock.unlock();
        }
        writeLock.lock();
        try {
            writeFrame(FrameDescriptor.DATA, Operations.type(r), Operations.tag(r), Operations.seq(r),
                    Operations.buffer(r), Operations.offset(r), Operations.count(r));
        } catch (IOException e) {
            Operations.fail(r, failed("send failed", e));
            return;
        } finally {
            writeLock.unlock();
        }
        Operations.completeSend(r);
    }

    private void writeLoop() {
        try {
            while (!closed) {
                long control = 0;
                Request data = null;
                queueLock.lock();
                try {
                    while (!closed && controlQueue.isEmpty() && dataQueue.isEmpty()) {
                        work.awaitNanos(TimeUnit.MILLISECONDS.toNanos(200));
                    }
                    if (closed) {
                        return;
                    }
                    if (!controlQueue.isEmpty()) {
                        control = controlQueue.poll();
                    } else {
                        data = dataQueue.poll();
                    }
                } finally {
                    queueLock.unlock();
                }
                writeLock.lock();
                try {
                    if (data != null) {
                        writeFrame(FrameDescriptor.DATA, Operations.type(data), Operations.tag(data),
                                Operations.seq(data), Operations.buffer(data), Operations.offset(data),
                                Operations.count(data));
                    } else if (control == HEARTBEAT_ITEM) {
                        writeFrame(FrameDescriptor.HEARTBEAT, ElementType.BYTE, 0, 0, null, 0, 0);
                    } else if (control == FLUSH_ITEM) {
                        writeStartedAt = System.nanoTime();
                        try {
                            flush(false);
                        } finally {
                            writeStartedAt = 0;
                            writeBlocked = false;
                        }
                    } else if (control <= WITHDRAWN_ITEM) {
                        writeFrame(FrameDescriptor.WITHDRAWN, ElementType.BYTE, 0, WITHDRAWN_ITEM - control, null, 0, 0);
                    } else {
                        writeFrame(FrameDescriptor.CTS, ElementType.BYTE, 0, control, null, 0, 0);
                    }
                } finally {
                    writeLock.unlock();
                }
                if (data != null) {
                    Operations.completeSend(data);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                failed("write failed", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                comm.peerFailed(peer, "internal error writing to it: " + e);
            }
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public void progress() {
        if (readDone || !readLock.tryLock()) {
            return;
        }
        try {
            poll(false);
        } catch (IOException | RuntimeException e) {
            readFailed(e);
        } finally {
            readLock.unlock();
        }
    }

    /** Called under {@code this} after the rendezvous tables change; a waiting message needs the reader thread. */
    private void rendezvousChanged() {
        int before = rendezvous;
        rendezvous = pendingSends.size() + awaitingData.size();
        if (before == 0 && rendezvous > 0 && readerAside && pollers.get() == 0) {
            java.util.concurrent.locks.LockSupport.unpark(reader);
        }
    }

    @Override
    public void polling(boolean started, boolean parking) {
        if (started) {
            pollers.incrementAndGet();
            return;
        }
        lastPollerLeft = parking ? 0 : System.nanoTime();
        if (pollers.decrementAndGet() == 0 && parking && readerAside) {
            java.util.concurrent.locks.LockSupport.unpark(reader);
        }
    }

    /**
     * How long the reader thread should leave this connection to callers: while one is polling
     * it (checking back every {@link #POLLED_ASIDE_NANOS}), or for up to {@link #ASIDE_NANOS} after one left with its request done (it will likely
     * be back for the next message), unless a rendezvous message waits for the peer or a write
     * waits for socket space (the peer may be writing to us just the same). Otherwise the reader
     * would be woken for every frame a caller reads anyway; on a small machine those wake-ups
     * preempt the ranks themselves.
     */
    private long asideFor() {
        if (writeBlocked) {
            return 0;
        }
        if (pollers.get() > 0) {
            return POLLED_ASIDE_NANOS;
        }
        long left = lastPollerLeft;
        if (left == 0 || rendezvous > 0) {
            return 0;
        }
        long remaining = ASIDE_NANOS - (System.nanoTime() - left);
        return remaining > 0 ? remaining : 0;
    }

    /**
     * The reader thread: handles what arrives while no caller is reading (non-blocking requests
     * progressing in the background, callers parked after their spin, messages nobody waits for
     * yet). It stands aside ({@link #asideFor}) while callers read; a caller about to park, or a
     * new rendezvous message, calls it back at once.
     */
    private void readLoop() {
        try {
            while (!closed && !readDone) {
                long aside = asideFor();
                if (aside > 0) {
                    readerAside = true;
                    aside = asideFor(); // re-check: a caller leaving or a rendezvous starting now sees readerAside
                    if (aside > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(this, aside);
                    }
                    readerAside = false;
                    continue;
                }
                try {
                    readable.select(200);
                    readable.selectedKeys().clear();
                } catch (java.nio.channels.ClosedSelectorException e) {
                    throw new ClosedChannelException();
                }
                if (asideFor() > 0) {
                    continue; // a caller started reading while this thread slept
                }
                if (readLock.tryLock()) {
                    try {
                        poll(true);
                    } finally {
                        readLock.unlock();
                    }
                } else {
                    // a waiting caller is reading; let it
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                }
            }
        } catch (IOException | RuntimeException e) {
            readFailed(e);
        }
    }

    private void readFailed(Exception e) {
        if (e instanceof EOFException) {
            readDone = true;
            if (!closed && !goodbyeReceived) {
                comm.peerFailed(peer, "its connection closed (EOF) without a goodbye");
            }
        } else if (e instanceof ProtocolException) {
            readDone = true;
            if (!closed) {
                comm.peerFailed(peer, "protocol error on its connection: " + e.getMessage());
            }
        } else if (e instanceof ClosedChannelException) {
            readDone = true; // closed by us or by the watchdog, which reported why
        } else if (e instanceof IOException) {
            readDone = true;
            if (!closed) {
                comm.peerFailed(peer, "connection error: " + e.getMessage());
            }
        } else if (!closed) {
            readDone = true;
            comm.peerFailed(peer, "internal error reading from it: " + e);
        }
    }

    /**
     * Handles every complete frame that has arrived (read lock held); returns when no more bytes
     * are waiting, or when an eager frame needs buffer space and {@code mayWait} is false.
     */
    private void poll(boolean mayWait) throws IOException {
        while (true) {
            if (readLimit - readPos < FrameDescriptor.HEADER) {
                int before = readLimit - readPos;
                fillSome(FrameDescriptor.HEADER);
                if (readLimit - readPos < FrameDescriptor.HEADER) {
                    if (readLimit - readPos == before) {
                        return;
                    }
                    continue;
                }
            }
            ByteBuffer b = in.bytes();
            int at = readPos;
            String problem = FrameDescriptor.validate(b, at, options.maxFrameBytes());
            if (problem != null) {
                throw new ProtocolException(problem);
            }
            int type = b.get(at + FrameDescriptor.TYPE_OFFSET);
            ElementType elem = ElementType.ofId(b.get(at + FrameDescriptor.ELEM_OFFSET));
            int tag = b.getInt(at + FrameDescriptor.TAG_OFFSET);
            long seq = b.getLong(at + FrameDescriptor.SEQ_OFFSET);
            long length = b.getLong(at + FrameDescriptor.LENGTH_OFFSET);
            int count = (int) (length / elem.size());
            if (type == FrameDescriptor.EAGER) {
                headerPending = true;
                if (!comm.engine().arriveEager(peer, tag, elem, count, this, Long.MAX_VALUE, mayWait)) {
                    headerPending = false; // not consumed: the reader thread takes it later
                    return;
                }
                continue;
            }
            readPos += FrameDescriptor.HEADER;
            switch (type) {
                case FrameDescriptor.RTS:
                    comm.engine().arriveRendezvous(peer, tag, elem, count, this, seq, null);
                    break;
                case FrameDescriptor.CTS:
                    onClearToSend(seq);
                    break;
                case FrameDescriptor.DATA:
                    onData(seq, elem, count);
                    break;
                case FrameDescriptor.WITHDRAWN:
                    onWithdrawn(seq);
                    break;
                case FrameDescriptor.ABORT:
                    byte[] reason = new byte[count];
                    copyTo(reason, ElementType.BYTE, 0, count);
                    comm.abortReceived(peer, tag, new String(reason, StandardCharsets.UTF_8));
                    break;
                case FrameDescriptor.GOODBYE:
                    goodbyeReceived = true;
                    comm.peerFinished(peer);
                    break;
                default: // HEARTBEAT: arriving was the point
            }
        }
    }

    private void onClearToSend(long seq) throws ProtocolException {
        Request r;
        synchronized (this) {
            int i = pendingSends.find(seq);
            if (i < 0) {
                int w = withdrawn.find(seq);
                if (w < 0) {
                    throw new ProtocolException("clear-to-send for unknown message " + seq);
                }
                withdrawn.remove(w);
                r = null;
            } else {
                r = pendingSends.request(i);
                pendingSends.remove(i);
                rendezvousChanged();
            }
        }
        if (r != null) {
            enqueueData(r);
        } else if (!tryWriteControl(FrameDescriptor.WITHDRAWN, seq)) {
            enqueueControl(WITHDRAWN_ITEM - seq);
        }
    }

    /** The peer withdrew message {@code seq} after we cleared it: its receive matches the next message instead. */
    private void onWithdrawn(long seq) throws ProtocolException {
        Request r;
        synchronized (this) {
            int i = awaitingData.find(seq);
            if (i < 0) {
                throw new ProtocolException("withdrawal of unknown message " + seq);
            }
            r = awaitingData.request(i);
            awaitingData.remove(i);
            rendezvousChanged();
        }
        comm.engine().repost(r);
    }

    private void onData(long seq, ElementType elem, int count) throws IOException {
        Request r;
        int tag;
        synchronized (this) {
            int i = awaitingData.find(seq);
            if (i < 0) {
                throw new ProtocolException("data for unknown message " + seq);
            }
            r = awaitingData.request(i);
            tag = awaitingData.tag(i);
            awaitingData.remove(i);
            rendezvousChanged();
        }
        String problem = Operations.mismatch(r, peer, tag, elem, count);
        if (problem != null) {
            skip(elem, count);
            Operations.fail(r, new ConcordException(problem));
            return;
        }
        try {
            copyTo(Operations.buffer(r), elem, Operations.offset(r), count);
        } catch (IOException e) {
            Operations.fail(r, new ConcordException("message from rank " + peer + " was cut off: " + e));
            throw e;
        }
        Operations.completeReceive(r, peer, tag, count);
    }

    private void consumeHeader() {
        if (headerPending) {
            readPos += FrameDescriptor.HEADER;
            headerPending = false;
        }
    }

    @Override
    public void copyTo(Object dst, ElementType type, int off, int count) throws IOException {
        consumeHeader();
        int size = type.size();
        boolean direct = directly(dst, (long) count * size);
        int done = 0;
        while (done < count) {
            int buffered = readLimit - readPos;
            int avail = buffered / size;
            if (avail > 0) {
                int n = Math.min(avail, count - done);
                in.get(readPos, dst, type, off + done, n);
                readPos += n * size;
                done += n;
            } else if (buffered > 0) {
                ensure(size, size - buffered); // complete the split element, reading nothing beyond it
            } else if (direct) {
                readNative(dst, (long) (off + done) * size, (long) (count - done) * size);
                done = count;
            } else {
                ensure(size);
            }
        }
        consumePadding((long) count * size);
    }

    /**
     * Reads exactly {@code bytes} from the socket into primitive array {@code array} at byte
     * {@code from}, past the (empty) buffer.
     */
    private void readNative(Object array, long from, long bytes) throws IOException {
        long done = 0;
        long spinUntil = 0;
        while (done < bytes) {
            long n = NativeIo.read(fd, array, from + done, bytes - done);
            if (n > 0) {
                done += n;
                bytesRead += n;
                lastRead = System.nanoTime();
                spinUntil = 0;
            } else if (n == 0) {
                throw new EOFException("end of stream");
            } else {
                spinUntil = awaitReadable(spinUntil);
            }
        }
        // The buffer is empty; the next byte must land where its stream offset keeps 8-alignment.
        readPos = (int) ((readLimit + bytes) & 7);
        readLimit = readPos;
    }

    @Override
    public void copyTo(TypedBuffer block, ElementType type, int count) throws IOException {
        consumeHeader();
        int size = type.size();
        long bytes = (long) count * size;
        int done = 0;
        while (done < bytes) {
            int avail = readLimit - readPos;
            if (avail < size) {
                ensure(size);
                continue;
            }
            int n = (int) Math.min(avail - avail % size, bytes - done);
            block.bytes().put(done, in.bytes(), readPos, n);
            readPos += n;
            done += n;
        }
        consumePadding(bytes);
    }

    @Override
    public void skip(ElementType type, int count) throws IOException {
        consumeHeader();
        long left = FrameDescriptor.padded((long) count * type.size());
        while (left > 0) {
            if (readLimit == readPos) {
                ensure(8);
            }
            int n = (int) Math.min(left, readLimit - readPos);
            readPos += n;
            left -= n;
        }
    }

    private void consumePadding(long bytes) throws IOException {
        int pad = (int) (FrameDescriptor.padded(bytes) - bytes);
        if (pad > 0) {
            ensure(pad);
            readPos += pad;
        }
    }

    /**
     * Makes at least {@code need} unread bytes available (the rest of a frame that has begun to
     * arrive): reads, spinning briefly and then backing off while none are there. The watchdog
     * closes the channel if the peer stalls, which ends the wait with an exception.
     */
    private void ensure(int need) throws IOException {
        ensure(need, Integer.MAX_VALUE);
    }

    /** {@link #ensure(int)}, reading at most {@code max} bytes at a time. */
    private void ensure(int need, int max) throws IOException {
        long spinUntil = 0;
        while (readLimit - readPos < need) {
            if (fillSome(need, max) > 0) {
                spinUntil = 0;
                continue;
            }
            spinUntil = awaitReadable(spinUntil);
        }
    }

    /**
     * Waits a little for the rest of a frame: spins for the first {@link #FRAME_SPIN_NANOS}
     * ({@code spinUntil} is 0 on the first call; returns the value to pass next time), then
     * sleeps until the socket is readable (at most 100 ms; the watchdog bounds the whole wait).
     */
    private long awaitReadable(long spinUntil) throws IOException {
        if (writeSomeOfPending()) {
            return 0;
        }
        long now = System.nanoTime();
        if (spinUntil == 0) {
            spinUntil = now + Math.max(FRAME_SPIN_NANOS, options.spinNanos());
        }
        if (now - spinUntil < 0) {
            spinPause();
            return spinUntil;
        }
        try {
            // with a payload of ours pending, wake up soon to write more of it even if nothing arrives
            midFrame.select(pendingWriter == Thread.currentThread() ? 1 : 100);
            midFrame.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new ClosedChannelException();
        }
        return spinUntil;
    }

    /**
     * One non-blocking read, after compacting if fewer than {@code need} bytes of room are left.
     * Compaction moves data by a multiple of 8 so stream offsets keep their alignment. Returns
     * the bytes read (0 if none were waiting).
     */
    private int fillSome(int need) throws IOException {
        return fillSome(need, Integer.MAX_VALUE);
    }

    /** {@link #fillSome(int)}, reading at most {@code max} bytes. */
    private int fillSome(int need, int max) throws IOException {
        ByteBuffer b = in.bytes();
        if (b.capacity() - readPos < need || readPos == readLimit) {
            int shift = readPos & ~7;
            int keep = readLimit - shift;
            for (int i = 0; i < keep; i++) {
                b.put(i, b.get(shift + i));
            }
            readPos -= shift;
            readLimit -= shift;
        }
        b.limit((int) Math.min(b.capacity(), (long) readLimit + max)).position(readLimit);
        int n = channel.read(b);
        b.clear();
        if (n < 0) {
            throw new EOFException("end of stream");
        }
        if (n > 0) {
            readLimit += n;
            bytesRead += n;
            lastRead = System.nanoTime();
        }
        return n;
    }

    // ---------------------------------------------------------------- failure and watchdog

    /** Called periodically by the watchdog. */
    void tick(long now) {
        if (closed) {
            return;
        }
        if (!goodbyeReceived && now - lastRead > options.peerTimeoutNanos()) {
            comm.peerFailed(peer, "silent for " + Durations.format(now - lastRead)
                    + " (no data or heartbeat; stopped, hung or unreachable)");
            closeChannel();
            return;
        }
        long started = writeStartedAt;
        if (started != 0 && now - started > options.opTimeoutNanos()) {
            comm.peerFailed(peer, "a send to it has been blocked for " + Durations.format(now - started));
            closeChannel();
            return;
        }
        if (now - lastWrite >= options.heartbeatIntervalNanos()) {
            lastWrite = now;
            enqueueControl(HEARTBEAT_ITEM);
        }
    }

    private ConcordException failed(String what, IOException e) {
        if (!closed) {
            comm.peerFailed(peer, what + ": " + e.getMessage());
        }
        ConcordException f = comm.failure();
        return f != null ? f : new ConcordException(what + " to rank " + peer + ": " + e, e);
    }

    @Override
    public void fail(ConcordException cause) {
        Request[] sends;
        Request[] receives;
        synchronized (this) {
            sends = pendingSends.drain();
            receives = awaitingData.drain();
            rendezvousChanged();
        }
        queueLock.lock();
        try {
            for (Request r : dataQueue) {
                Operations.fail(r, cause);
            }
            dataQueue.clear();
        } finally {
            queueLock.unlock();
        }
        for (Request r : sends) {
            Operations.fail(r, cause);
        }
        for (Request r : receives) {
            Operations.fail(r, cause);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeChannel();
        queueLock.lock();
        try {
            work.signalAll();
        } finally {
            queueLock.unlock();
        }
    }

    private void closeChannel() {
        try {
            channel.close();
            readable.close();
            midFrame.close();
            writable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A malformed frame from an authenticated peer. */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }
}
