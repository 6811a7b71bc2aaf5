package dev.concord.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The communicator of every transport that moves bytes (TCP, in-JVM, shared memory): matching is
 * done here by a {@link MatchingEngine}; the transport supplies one {@link Link} per rank.
 * Messages up to the eager limit (and every message to self) are sent at once; larger ones by
 * rendezvous, landing directly in the receiver's buffer.
 */
public final class MatchingCommunicator extends Communicator {
    private static final System.Logger LOG = System.getLogger("dev.concord.runtime");

    private final int rank;
    private final int size;
    private final String transport;
    private final RuntimeOptions options;
    private final MatchingEngine engine;
    private final Link[] links;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private volatile ConcordException failure;
    private volatile boolean closed;

    /**
     * @param linkFactory makes the link to each rank (itself included), given this communicator
     *     (links report failures to it) — called once per rank, in rank order
     */
    public MatchingCommunicator(int rank, int size, String transport, RuntimeOptions options,
            MatchingEngine engine, java.util.function.Function<MatchingCommunicator, IntFunction<Link>> linkFactory) {
        this.rank = rank;
        this.size = size;
        this.transport = transport;
        this.options = options;
        this.engine = engine;
        this.links = new Link[size];
        IntFunction<Link> make = linkFactory.apply(this);
        for (int i = 0; i < size; i++) {
            links[i] = make.apply(i);
        }
    }

    /** Closes {@code resource} (a listener, a thread) when this communicator closes. */
    public void addResource(AutoCloseable resource) {
        synchronized (resources) {
            resources.add(resource);
        }
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
        return transport;
    }

    @Override
    public RuntimeOptions options() {
        return options;
    }

    /** The matching engine (for transports delivering to this rank). */
    public MatchingEngine engine() {
        return engine;
    }

    /** The first failure, or null. */
    public ConcordException failure() {
        return failure;
    }

    @Override
    protected void startSend(Request r) {
        ConcordException f = failure;
        if (f != null) {
            r.fail(f);
            return;
        }
        if (closed) {
            r.fail(new ConcordException("communicator of rank " + rank + " is closed"));
            return;
        }
        Link link = links[r.peer];
        try {
            if (r.peer == rank || Operations.bytes(r) <= options.eagerLimitBytes()) {
                link.sendEager(r);
            } else {
                link.sendRendezvous(r);
            }
        } catch (ConcordException e) {
            if (Operations.isPending(r)) {
                r.fail(e);
            }
        }
    }

    @Override
    protected void startReceive(Request r) {
        if (closed) {
            r.fail(new ConcordException("communicator of rank " + rank + " is closed"));
            return;
        }
        engine.post(r);
    }

    @Override
    protected void progress(Request r) {
        int peer = r.peer;
        if (peer == ANY_SOURCE) {
            for (Link l : links) {
                l.progress();
            }
        } else {
            links[peer].progress();
            if (r.send) {
                links[peer].writeIfCleared(r);
            }
        }
    }

    @Override
    protected void polling(Request r, boolean started) {
        boolean parking = !started && r.state < Request.DONE;
        if (r.peer == ANY_SOURCE) {
            for (Link l : links) {
                l.polling(started, parking);
            }
        } else {
            links[r.peer].polling(started, parking);
        }
    }

    @Override
    protected boolean cancel(Request r) {
        return Operations.isSend(r) ? links[r.peer].cancel(r) : engine.cancel(r);
    }

    /**
     * A link reports that {@code peer} is gone. Fails everything here, and tells the other peers
     * (best effort) so that they need not wait for their own detection.
     */
    public void peerFailed(int peer, String reason) {
        PeerFailedException e = new PeerFailedException(peer, "rank " + peer + " failed: " + reason
                + " (detected by rank " + rank + ")");
        if (!claim(e)) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, e.getMessage());
        // Tell the others before failing locally: once local operations fail, this rank may exit.
        for (int i = 0; i < size; i++) {
            if (i != rank && i != peer) {
                links[i].sendAbort(peer, reason);
            }
        }
        failLocally(e);
    }

    /** A peer said it will send nothing more. */
    public void peerFinished(int peer) {
        engine.peerFinished(peer);
    }

    /** A peer relayed that {@code failedRank} is gone. */
    public void abortReceived(int from, int failedRank, String reason) {
        String named = "rank " + failedRank + " "; // a relayed reason names the rank already
        String who = failedRank == from ? "rank " + from + " aborted: " + reason
                : (reason.startsWith(named) ? reason : named + "failed: " + reason) + " (reported by rank " + from + ")";
        fail(new PeerFailedException(failedRank, who));
    }

    /** Fails every pending and later operation; true if this was the first failure. */
    public boolean fail(ConcordException cause) {
        if (!claim(cause)) {
            return false;
        }
        failLocally(cause);
        return true;
    }

    private synchronized boolean claim(ConcordException cause) {
        if (failure != null) {
            return false;
        }
        failure = cause;
        return true;
    }

    private void failLocally(ConcordException cause) {
        engine.fail(cause);
        for (Link l : links) {
            l.fail(cause);
        }
    }

    @Override
    public void abort(String reason) {
        PeerFailedException e = new PeerFailedException(rank, "rank " + rank + " aborted: " + reason);
        boolean first = claim(e);
        if (first) {
            // tell the peers before failing here: once local operations fail, this rank may exit
            for (int i = 0; i < size; i++) {
                if (i != rank) {
                    links[i].sendAbort(rank, reason);
                }
            }
            failLocally(e);
        }
        release(!first);
    }

    /**
     * Before closing connections after a failure, relay it: a peer then learns which rank
     * failed first instead of seeing only this rank's connection close.
     */
    private void relayFailure() {
        ConcordException f = failure;
        if (f == null) {
            return;
        }
        int failed = f instanceof PeerFailedException ? ((PeerFailedException) f).failedRank() : rank;
        for (int i = 0; i < size; i++) {
            if (i != rank && i != failed) {
                links[i].sendAbort(failed, f.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (failure == null) {
            for (int i = 0; i < size; i++) {
                if (i != rank) {
                    links[i].sendGoodbye();
                }
            }
            long deadline = System.nanoTime() + Math.min(options.opTimeoutNanos(), TimeUnit.SECONDS.toNanos(60));
            for (int i = 0; i < size; i++) {
                while (i != rank && failure == null && !links[i].goodbyeReceived()) {
                    if (System.nanoTime() - deadline > 0) {
                        LOG.log(System.Logger.Level.WARNING, "rank " + rank + ": rank " + i
                                + " did not finish within the close deadline; closing anyway");
                        break;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        }
        engine.fail(new ConcordException("communicator of rank " + rank + " is closed"));
        release(true);
    }

    /** Closes every link and resource; {@code relay}: first tell the peers about the failure, if any. */
    private void release(boolean relay) {
        closed = true;
        if (relay) {
            relayFailure();
        }
        for (Link l : links) {
            l.close();
        }
        synchronized (resources) {
            for (AutoCloseable c : resources) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing " + c + ": " + e);
                }
            }
            resources.clear();
        }
    }
}
