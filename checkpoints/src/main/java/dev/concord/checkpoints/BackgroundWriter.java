package dev.concord.checkpoints;

import dev.concord.runtime.ConcordException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one background thread of a {@link CheckpointStore}: runs file writes and commits one at a
 * time in submission order (so rank 0's manifest of step N is on disk before its shard of step N +
 * 1 is written), and keeps the first failure a task reports for the training thread to throw.
 * Started on first use; a daemon, so a failing rank does not wait for it.
 */
final class BackgroundWriter {
    private final int rank;
    private ExecutorService executor;
    private volatile String failure;

    BackgroundWriter(int rank) {
        this.rank = rank;
    }

    <T> Future<T> submit(Callable<T> task) {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "concord-checkpoint-writer");
                t.setDaemon(true);
                return t;
            });
        }
        return executor.submit(task);
    }

    /** Records why a background task failed (the first reason wins). */
    void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    /** Throws the first recorded failure, if any. */
    void throwIfFailed() {
        String f = failure;
        if (f != null) {
            throw new ConcordException(f);
        }
    }

    /** Waits for every task submitted so far. */
    void drain() {
        if (executor == null) {
            return;
        }
        try {
            submit(() -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcordException("rank " + rank + ": interrupted while waiting for checkpoint writes");
        } catch (ExecutionException e) {
            throw new ConcordException("rank " + rank + ": checkpoint writer failed: " + e.getCause(), e);
        }
    }

    void shutdown() {
        if (executor != null) {
            executor.shutdown();
        }
    }
}
