package dev.concord.runtime.shm;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per communicator that keeps every shared-memory link moving while no
 * application thread is spinning on it: reads arrived frames, writes queued CTS and DATA
 * frames, and ticks the links' heartbeats and failure checks. Between rounds without work it
 * spins briefly, then parks for growing intervals (up to {@link #MAX_PARK_NANOS}), so that
 * eight ranks on two cores do not starve each other; a local event ({@link #wake}) cuts the
 * park short.
 */
public final class ShmPoller implements AutoCloseable {
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(5);
    static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Thread thread;
    private volatile boolean stopped;

    private ShmPoller(dev.concord.runtime.MatchingCommunicator comm, ShmLink[] links, long tickNanos) {
        thread = new Thread(() -> run(comm, links, tickNanos), "concord-r" + comm.rank() + "-shm");
        thread.setDaemon(true);
        for (ShmLink l : links) {
            if (l != null) {
                l.onWork(this::wake);
            }
        }
    }

    /**
     * Starts the poller of {@code comm}'s shared-memory links ({@code links[peer]}, null for
     * peers on other transports); it stops when {@code comm} closes.
     */
    public static void start(dev.concord.runtime.MatchingCommunicator comm, ShmLink[] links) {
        if (java.util.Arrays.stream(links).allMatch(java.util.Objects::isNull)) {
            return;
        }
        long tick = Math.min(TimeUnit.MILLISECONDS.toNanos(100), comm.options().heartbeatIntervalNanos());
        ShmPoller p = new ShmPoller(comm, links, tick);
        comm.addResource(p);
        p.thread.start();
    }

    private void run(dev.concord.runtime.MatchingCommunicator comm, ShmLink[] links, long tickNanos) {
        try {
            loop(links, tickNanos);
        } catch (RuntimeException | Error e) {
            // without this thread nothing moves: fail loudly rather than leave peers to time out
            System.getLogger("dev.concord.runtime").log(System.Logger.Level.ERROR,
                    "rank " + comm.rank() + ": the shared-memory progress thread failed", e);
            comm.abort("its shared-memory progress thread failed: " + e);
        }
    }

    private void loop(ShmLink[] links, long tickNanos) {
        Backoff idle = new Backoff(SPIN_NANOS, MIN_PARK_NANOS, MAX_PARK_NANOS);
        long nextTick = System.nanoTime();
        while (!stopped) {
            boolean moved = false;
            for (ShmLink l : links) {
                if (l != null) {
                    moved |= l.service();
                }
            }
            long now = System.nanoTime();
            if (now - nextTick >= 0) {
                nextTick = now + tickNanos;
                for (ShmLink l : links) {
                    if (l != null) {
                        l.tick(now);
                    }
                }
            }
            if (moved) {
                idle.reset();
            } else {
                idle.idle();
            }
        }
    }

    /** There is local work (a CTS or DATA to write): stop parking. */
    void wake() {
        LockSupport.unpark(thread);
    }

    @Override
    public void close() {
        stopped = true;
        wake();
    }
}
