package dev.concord.runtime.mpj;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ConcordException;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.Operations;
import dev.concord.runtime.PeerFailedException;
import dev.concord.runtime.Request;
import dev.concord.runtime.RuntimeOptions;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import mpi.Datatype;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Status;

/**
 * {@link Communicator} over MPJ Express: every send and receive is an MPJ {@code Isend}/{@code Irecv}
 * on a private duplicate of {@code MPI.COMM_WORLD} (a second one carries the collectives' reserved
 * tags, so that an application's ANY_TAG receive cannot take them), completed by polling {@code
 * Test()} (a progress thread, and the waiting thread while it spins). MPJ never times out and never notices a dead
 * peer, so deadlines are Concord's ({@code Request.await} cancels at the op timeout) and peer
 * failure comes from the launcher over a {@link FailureWatch}.
 *
 * <p>All calls into MPJ hold one lock (MPJ 0.44's thread safety is not documented). ByteBuffer
 * messages without a backing array go through a staging array (one allocation per message).
 * MPJ cannot report a type mismatch or a truncated receive the way Concord's own transports do;
 * such a receive fails with MPJ's exception text.
 */
public final class MpjCommunicator extends Communicator {
    private static final long MAX_IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final int rank;
    private final int size;
    private final RuntimeOptions options;
    private final Intracomm comm;
    /** Carries the collectives' reserved tags, so that an application's MPI.ANY_TAG receive on {@link #comm} never takes them. */
    private final Intracomm reserved;
    private final FailureWatch watch;
    private final ReentrantLock lock = new ReentrantLock();
    private final InFlight inFlight = new InFlight();
    private final Thread progressThread;
    private volatile ConcordException failure;
    /** A peer failure reported by the watch, set before {@link #failAll} takes the lock. */
    private volatile PeerFailedException reported;
    /** How long an MPJ error waits for the launcher's report of the peer failure that likely caused it. */
    private static final long REPORT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);
    private volatile boolean closed;

    MpjCommunicator(int rank, int size, RuntimeOptions options, Intracomm comm, Intracomm reserved,
            FailureWatch watch) {
        this.rank = rank;
        this.size = size;
        this.options = options;
        this.comm = comm;
        this.reserved = reserved;
        this.watch = watch;
        this.progressThread = new Thread(this::progressLoop, "concord-mpj-progress");
        progressThread.setDaemon(true);
        progressThread.start();
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String transportName() {
        return "mpj";
    }

    @Override
    public RuntimeOptions options() {
        return options;
    }

    @Override
    protected void startSend(Request r) {
        start(r, true);
    }

    @Override
    protected void startReceive(Request r) {
        start(r, false);
    }

    private void start(Request r, boolean send) {
        Object buf = Operations.buffer(r);
        int off = Operations.offset(r);
        int count = Operations.count(r);
        byte[] stage = null;
        if (buf instanceof ByteBuffer) {
            ByteBuffer bb = (ByteBuffer) buf;
            if (bb.hasArray()) {
                off += bb.arrayOffset();
                buf = bb.array();
            } else {
                stage = new byte[count];
                if (send) {
                    bb.get(off, stage, 0, count);
                }
                buf = stage;
                off = 0;
            }
        }
        int peer = Operations.peer(r);
        int tag = Operations.tag(r);
        lock.lock();
        try {
            ConcordException f = failure;
            if (f != null || closed) {
                Operations.fail(r, f != null ? f : new ConcordException("communicator of rank " + rank + " is closed"));
                return;
            }
            Datatype type = datatype(Operations.type(r));
            Intracomm on = tag > MAX_USER_TAG ? reserved : comm;
            mpi.Request m = send ? on.Isend(buf, off, count, type, peer, tag)
                    : on.Irecv(buf, off, count, type, peer == ANY_SOURCE ? MPI.ANY_SOURCE : peer,
                            tag == ANY_TAG ? MPI.ANY_TAG : tag);
            inFlight.add(r, m, stage);
        } catch (RuntimeException e) {
            Operations.fail(r, explained(new ConcordException("MPJ could not start the " + r.describe() + " on rank "
                    + rank + ": " + e, e)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void progress(Request r) {
        if (lock.tryLock()) {
            try {
                poll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Tests every request in flight, completing the finished ones; returns how many finished. Holds the lock. */
    private int poll() {
        int done = 0;
        for (int i = 0; i < inFlight.size(); ) {
            Request r = inFlight.request(i);
            Status st;
            try {
                st = inFlight.mpj(i).Test();
            } catch (RuntimeException e) {
                inFlight.remove(i);
                Operations.fail(r, explained(new ConcordException("MPJ failed the " + r.describe() + " on rank " + rank
                        + ": " + e, e)));
                done++;
                continue;
            }
            if (st == null) {
                i++;
                continue;
            }
            byte[] stage = inFlight.staging(i);
            inFlight.remove(i);
            finish(r, st, stage);
            done++;
        }
        return done;
    }

    private void finish(Request r, Status st, byte[] stage) {
        if (Operations.isSend(r)) {
            Operations.completeSend(r);
            return;
        }
        int n = st.Get_count(datatype(Operations.type(r)));
        if (stage != null) {
            ((ByteBuffer) Operations.buffer(r)).put(Operations.offset(r), stage, 0, n);
        }
        Operations.completeReceive(r, st.source, st.tag, n);
    }

    /** Tests in-flight requests until the communicator ends; backs off (to 0.5 ms) while nothing completes. */
    private void progressLoop() {
        long idle = 1_000;
        while (!closed || inFlight.size() > 0) {
            int done;
            lock.lock();
            try {
                done = poll();
            } finally {
                lock.unlock();
            }
            if (done > 0) {
                idle = 1_000;
            } else {
                LockSupport.parkNanos(idle);
                idle = Math.min(MAX_IDLE_NANOS, idle * 2);
            }
            if (failure != null) {
                return;
            }
        }
    }

    @Override
    protected boolean cancel(Request r) {
        lock.lock();
        try {
            int i = inFlight.indexOf(r);
            if (i < 0) {
                return false;
            }
            mpi.Request m = inFlight.mpj(i);
            inFlight.remove(i);
            try {
                m.Cancel();
            } catch (RuntimeException e) {
                // MPJ may not support cancelling this one; the job is failing anyway
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Called by the failure watch: {@code failedRank}'s process ended without closing. */
    void peerFailed(int failedRank) {
        PeerFailedException e = new PeerFailedException(failedRank, "rank " + failedRank + " failed: its process "
                + "ended without closing its communicator (reported by the launcher to rank " + rank + ")");
        reported = e;
        failAll(e);
    }

    /**
     * The failure to report for an error MPJ raised: MPJ knows nothing of dead peers, so a closed
     * channel usually means one died (or a survivor already exited after hearing of it). Waits up
     * to {@link #REPORT_GRACE_NANOS} for the launcher's report and returns that, naming the rank;
     * else {@code error}. Safe under the lock ({@link #reported} is set before the lock is taken).
     */
    private ConcordException explained(ConcordException error) {
        long deadline = System.nanoTime() + REPORT_GRACE_NANOS;
        while (reported == null && !closed && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        PeerFailedException p = reported;
        return p != null ? p : error;
    }

    private void failAll(ConcordException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            while (inFlight.size() > 0) {
                Request r = inFlight.request(0);
                inFlight.remove(0);
                Operations.fail(r, failure);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abort(String reason) {
        if (closed) {
            return;
        }
        failAll(new ConcordException("rank " + rank + " aborted: " + reason));
        closed = true;
        watch.abort();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + options.peerTimeoutNanos();
        while (inFlight.size() > 0 && failure == null && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        if (failure == null && !MpjLifecycle.finalizeWithin(deadline, () -> failure != null)) {
            System.err.println("concord: WARNING: rank " + rank + ": MPJ's Finalize did not finish in time; leaving anyway");
        }
        watch.close();
    }

    static Datatype datatype(ElementType type) {
        switch (type) {
            case DOUBLE: return MPI.DOUBLE;
            case FLOAT: return MPI.FLOAT;
            case LONG: return MPI.LONG;
            case INT: return MPI.INT;
            default: return MPI.BYTE;
        }
    }
}
