package dev.concord.runtime.tcp;

import java.util.concurrent.TimeUnit;

/**
 * One daemon thread per communicator that ticks every link: heartbeats out, silence and stuck
 * writes detected. Time is read here and passed in, so links stay testable.
 */
final class Watchdog implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stopped;

    Watchdog(int rank, TcpLink[] links, long intervalNanos) {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), intervalNanos / 2);
        thread = new Thread(() -> {
            while (!stopped) {
                java.util.concurrent.locks.LockSupport.parkNanos(period);
                long now = System.nanoTime();
                for (TcpLink l : links) {
                    if (l != null) {
                        l.tick(now);
                    }
                }
            }
        }, "concord-r" + rank + "-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        stopped = true;
    }
}
