package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import dev.concord.collectives.Collectives;
import dev.concord.runtime.EchoedFailure;
import java.util.function.LongSupplier;

/**
 * Drives a {@link Model}: per step, local work, one AllReduce (sum, {@link StatisticsSum}), update. It
 * starts where {@link CheckpointHook#resume} says (a restored checkpoint, or iteration 0); at every
 * iteration end (a sync point) it writes a metrics line and calls the {@link CheckpointHook}.
 * It stops when the model reports {@link Step#CONVERGED} or after {@code maxIterations}, then runs
 * one evaluation step at the final parameters and writes the final line. Every rank must run the
 * same loop; only the ranks' sinks differ. A model must end every iteration after finitely many
 * steps (the L-BFGS line search is capped; an SGD epoch has a fixed number of steps).
 *
 * <p>Metric lines: {@code {"iteration": t, <metrics>, "wall_time_s": .., "allreduce_time_s": ..,
 * "checkpoint_time_s": .., "steps": ..}}, plus the caller's {@code tag} fields first (e.g. the restart number);
 * the final line has {@code "final": true, "iterations", "converged"} and the final metric values.
 * Times are cumulative seconds of training (continued across a resume), measured with the
 * injected clock when the line is written; checkpoint time is what the training thread spent at
 * the sync points before this line (the line of iteration t is part of checkpoint t, so it
 * cannot include it). {@code steps} counts the AllReduce steps so far (L-BFGS evaluations of loss
 * and gradient, SGD mini-batches, EM iterations), also continued across a resume: an L-BFGS
 * iteration takes one or more, so time per step compares runs whose line searches differ.
 */
public final class TrainingLoop {
    private final int maxIterations;
    private final MetricsSink sink;
    private final CheckpointHook hook;
    private final ProgressReport progress;
    private final LongSupplier nanoClock;
    private final StatisticsSum sums;
    private final int rank;

    /**
     * @param maxIterations iterations (sync points) at most; steps within an iteration are not counted
     * @param progress      told of every iteration (e.g. a progress bar or periodic log lines)
     * @param nanoClock     monotonic nanoseconds, e.g. {@code System::nanoTime}
     */
    public TrainingLoop(Collectives coll, int maxIterations, MetricsSink sink, CheckpointHook hook,
            ProgressReport progress, LongSupplier nanoClock) {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("--iterations must be >= 0, got " + maxIterations);
        }
        this.maxIterations = maxIterations;
        this.sink = sink;
        this.hook = hook;
        this.progress = progress;
        this.nanoClock = nanoClock;
        this.sums = new StatisticsSum(coll);
        this.rank = coll.communicator().rank();
    }

    /** Trains {@code model} and returns where it ended; {@code tag} fields (may be null) prefix every line. */
    public TrainingResult run(Model model, JsonObject tag) {
        Statistics buf = model.newStatistics();
        String[] names = model.metricNames();
        double[] values = new double[names.length];
        CheckpointHook.Progress at = hook.resume(model);
        if (at.iteration() > maxIterations) { // the same on every rank: resume is collective
            hook.close();
            throw pastTheLimit(at.iteration(), maxIterations, rank);
        }
        long start = nanoClock.getAsLong() - at.elapsedNanos();
        long reduceNanos = at.allreduceNanos();
        long checkpointNanos = at.checkpointNanos();
        long steps = at.steps();
        int iterations = (int) at.iteration();
        boolean converged = at.converged();
        progress.started(iterations, maxIterations, at.elapsedNanos());
        while (!converged && iterations < maxIterations) {
            sums.local(model, false, buf);
            long t = nanoClock.getAsLong();
            sums.allreduce(buf);
            reduceNanos += nanoClock.getAsLong() - t;
            steps++;
            Step s = update(model, buf);
            if (s == Step.CONTINUE) {
                continue;
            }
            iterations++;
            model.metrics(values);
            long now = nanoClock.getAsLong();
            if (sink.wanted()) {
                sink.line(line(tag, iterations, names, values, now - start, reduceNanos, checkpointNanos, steps)
                        .toString());
            }
            progress.iteration(iterations, names, values, now - start);
            converged = s == Step.CONVERGED;
            long c = nanoClock.getAsLong();
            hook.atSyncPoint(new CheckpointHook.Progress(iterations, converged, now - start, reduceNanos,
                    checkpointNanos, steps), model);
            checkpointNanos += nanoClock.getAsLong() - c;
        }
        hook.close();
        progress.finished();
        sums.local(model, true, buf);
        long t = nanoClock.getAsLong();
        sums.allreduce(buf);
        reduceNanos += nanoClock.getAsLong() - t;
        model.evaluated(buf);
        model.metrics(values);
        double wall = (nanoClock.getAsLong() - start) / 1e9;
        return new TrainingResult(iterations, converged, names, values.clone(), wall, reduceNanos / 1e9);
    }

    /**
     * The usage error (status 2) of a resume from a checkpoint at {@code iteration}, past {@code
     * maxIterations}; every rank reaches it, rank 0 reports it.
     */
    static RuntimeException pastTheLimit(long iteration, int maxIterations, int rank) {
        IllegalArgumentException e = new IllegalArgumentException("the newest checkpoint is at iteration "
                + iteration + ", past --iterations " + maxIterations + ": pass --iterations " + iteration
                + " or more to continue from it, or another --checkpoint-dir to start afresh");
        return EchoedFailure.unlessReporter(e, 0, rank);
    }

    /**
     * {@code model.update}: it runs on the same combined statistics on every rank, so a failure in
     * it (a GMM covariance that is not positive definite) is every rank's; rank 0 reports it. (Not
     * {@link EchoedFailure#alikeOnEveryRank}: no lambda per step.)
     */
    private Step update(Model model, Statistics buf) {
        try {
            return model.update(buf);
        } catch (RuntimeException e) {
            throw EchoedFailure.unlessReporter(e, 0, rank);
        }
    }

    private static JsonObject line(JsonObject tag, int iteration, String[] names, double[] values, long wallNanos,
            long reduceNanos, long checkpointNanos, long steps) {
        JsonObject j = (tag == null ? new JsonObject() : tag.copy()).put("iteration", iteration);
        for (int i = 0; i < names.length; i++) {
            j.put(names[i], values[i]);
        }
        return j.put("wall_time_s", wallNanos / 1e9).put("allreduce_time_s", reduceNanos / 1e9)
                .put("checkpoint_time_s", checkpointNanos / 1e9).put("steps", steps);
    }
}
