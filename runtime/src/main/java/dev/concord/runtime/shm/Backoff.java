package dev.concord.runtime.shm;

import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for the other process when there is no way to be woken across processes:
 * spin for a short while (the answer often comes within microseconds), then park for growing
 * intervals, so that many ranks on few cores leave the CPU to whoever has work. Not thread-safe;
 * one per waiting thread.
 */
final class Backoff {
    private final long spinNanos;
    private final long minParkNanos;
    private final long maxParkNanos;
    private long idleSince;
    private long park;

    Backoff(long spinNanos, long minParkNanos, long maxParkNanos) {
        this.spinNanos = spinNanos;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
    }

    /** Work was found: the next wait starts with spinning again. */
    void reset() {
        idleSince = 0;
    }

    /** Nothing to do this round: spin or park once. */
    void idle() {
        long now = System.nanoTime();
        if (idleSince == 0) {
            idleSince = now;
            park = minParkNanos;
        }
        if (now - idleSince < spinNanos) {
            Thread.onSpinWait();
            return;
        }
        LockSupport.parkNanos(park);
        park = Math.min(maxParkNanos, park * 2);
    }
}
