package dev.concord.runtime.shm;

import dev.concord.runtime.MatchingCommunicator;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread per communicator that keeps every shared-memory link moving while no
 * application thread is spinning on it: reads arrived frames, writes queued CTS and DATA
 * frames, and ticks the links' heartbeats and failure checks.
 *
 * <p>After a round without work it spins for {@link #SPIN_NANOS}, then sleeps in the kernel: it
 * marks every inbound ring asleep, looks once more, and blocks on a selector over the pairs'
 * doorbell connections, which a producer rings (one byte) when it publishes into a ring whose
 * consumer is asleep. So a message to a sleeping rank wakes it as fast as TCP would, and idle
 * ranks take no CPU: eight ranks on two cores do not starve each other. Local work ({@link
 * #wake}) and the next tick end the sleep too.
 */
public final class ShmPoller implements AutoCloseable {
    static final long SPIN_NANOS = 0;

    private final MatchingCommunicator comm;
    private final ShmLink[] links;
    private final long tickNanos;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean stopped;

    private ShmPoller(MatchingCommunicator comm, ShmLink[] links, long tickNanos) throws IOException {
        this.comm = comm;
        this.links = links;
        this.tickNanos = tickNanos;
        this.selector = Selector.open();
        for (ShmLink l : links) {
            if (l != null) {
                l.doorbell().configureBlocking(false);
                l.doorbell().register(selector, SelectionKey.OP_READ, l);
                l.onWork(this::wake);
            }
        }
        thread = new Thread(this::run, "concord-r" + comm.rank() + "-shm");
        thread.setDaemon(true);
    }

    /**
     * Starts the poller of {@code comm}'s shared-memory links ({@code links[peer]}, null for
     * peers on other transports); it stops when {@code comm} closes.
     */
    public static void start(MatchingCommunicator comm, ShmLink[] links) throws IOException {
        if (java.util.Arrays.stream(links).allMatch(java.util.Objects::isNull)) {
            return;
        }
        long tick = Math.min(TimeUnit.MILLISECONDS.toNanos(100), comm.options().heartbeatIntervalNanos());
        ShmPoller p = new ShmPoller(comm, links, tick);
        comm.addResource(p);
        p.thread.start();
    }

    private void run() {
        try {
            loop();
        } catch (IOException | RuntimeException | Error e) {
            if (stopped) {
                return;
            }
            // without this thread nothing moves: fail loudly rather than leave peers to time out
            System.getLogger("dev.concord.runtime").log(System.Logger.Level.ERROR,
                    "rank " + comm.rank() + ": the shared-memory progress thread failed", e);
            comm.abort("its shared-memory progress thread failed: " + e);
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void loop() throws IOException {
        long nextTick = System.nanoTime();
        long idleSince = 0;
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
                idleSince = 0;
            } else if (idleSince == 0) {
                idleSince = now;
            } else if (now - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - now)));
                idleSince = 0;
            }
        }
    }

    /** Blocks until a doorbell rings, {@link #wake}, or {@code millis} pass, unless work is already waiting. */
    private void sleep(long millis) throws IOException {
        boolean work = false;
        for (ShmLink l : links) {
            if (l != null) {
                work |= l.asleep(true);
            }
        }
        if (!work) {
            selector.select(millis);
        }
        for (ShmLink l : links) {
            if (l != null) {
                l.asleep(false);
            }
        }
        for (SelectionKey k : selector.selectedKeys()) {
            ShmLink l = (ShmLink) k.attachment();
            if (!l.doorbellRang() || !k.channel().isOpen()) {
                k.cancel();
            }
        }
        selector.selectedKeys().clear();
    }

    /** There is local work (a CTS or DATA to write): stop sleeping. */
    void wake() {
        selector.wakeup();
    }

    @Override
    public void close() {
        stopped = true;
        selector.wakeup();
    }
}
