package dev.concord.models.train;

import java.io.PrintStream;

/**
 * A {@link CheckpointHook} decorator that prints {@code iteration N} on every rank at each sync
 * point (before the wrapped hook runs), so supervisors and tests can key faults to iterations.
 */
final class ProgressLog implements CheckpointHook {
    private final CheckpointHook inner;
    private final PrintStream out;

    ProgressLog(CheckpointHook inner, PrintStream out) {
        this.inner = inner;
        this.out = out;
    }

    @Override
    public Progress resume(Model model) {
        return inner.resume(model);
    }

    @Override
    public void atSyncPoint(Progress progress, Model model) {
        out.println("iteration " + progress.iteration());
        out.flush();
        inner.atSyncPoint(progress, model);
    }

    @Override
    public void close() {
        inner.close();
    }
}
