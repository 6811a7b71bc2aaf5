package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.runtime.testkit.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    /**
     * Each rank contributes rank + 1; two steps make one iteration; the value is the running sum
     * of the combined buffers; converges once it reaches {@code stopAt}.
     */
    static class CountingModel implements Model {
        final int rank;
        final double stopAt;
        double total;
        int steps;
        double evaluatedWith = Double.NaN;

        CountingModel(int rank, double stopAt) {
            this.rank = rank;
            this.stopAt = stopAt;
        }

        @Override
        public Statistics newStatistics() {
            return Statistics.ofDoubles(1);
        }

        @Override
        public void computeLocal(Statistics stats) {
            double[] buf = stats.doubles();
            buf[0] += rank + 1;
        }

        @Override
        public Step update(Statistics stats) {
            double[] combined = stats.doubles();
            total += combined[0];
            steps++;
            if (steps % 2 == 1) {
                return Step.CONTINUE;
            }
            return total >= stopAt ? Step.CONVERGED : Step.ITERATION;
        }

        @Override
        public void evaluateLocal(Statistics stats) {
            double[] buf = stats.doubles();
            buf[0] = 100 * (rank + 1);
        }

        @Override
        public void evaluated(Statistics stats) {
            double[] combined = stats.doubles();
            evaluatedWith = combined[0];
        }

        @Override
        public String[] metricNames() {
            return new String[] {"total"};
        }

        @Override
        public void metrics(double[] out) {
            out[0] = Double.isNaN(evaluatedWith) ? total : evaluatedWith;
        }

        @Override
        public ModelState state() {
            return new ModelState().put("total", new double[] {total}, 1);
        }

        @Override
        public ModelState checkpoint() {
            return state();
        }

        @Override
        public void restore(ModelState s) {
            total = s.doubles("total")[0];
        }
    }

    @Test
    void shouldCallHookAtSyncPointsOnlyAndStopOnConvergence() {
        List<String> out = LocalCluster.of(3).call(comm -> {
            List<Long> syncs = new ArrayList<>();
            MetricsSink sink = MetricsSink.inMemory();
            long[] fakeNanos = {0};
            CountingModel model = new CountingModel(comm.rank(), 6 * 6);
            TrainingResult r = new TrainingLoop(Collectives.of(comm), 50, sink,
                    (p, m) -> syncs.add(p.iteration() * 1000 + (long) m.state().get("total").doubles()[0]),
                    ProgressReport.NONE, () -> fakeNanos[0] += 500_000_000L).run(model, new JsonObject().put("init", 2));
            assertTrue(r.converged());
            assertEquals(3, r.iterations());
            assertEquals(600.0, r.metric("total"), "final metric from the evaluation pass");
            assertEquals(List.of(1012L, 2024L, 3036L), syncs);
            return String.join("\n", sink.lines());
        });
        String[] lines = out.get(0).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("{\"init\":2,\"iteration\":1,\"total\":12,\"wall_time_s\":"), lines[0]);
        assertTrue(lines[0].contains("\"allreduce_time_s\":1"), "two allreduces of 0.5 s each: " + lines[0]);
        assertTrue(lines[0].endsWith(",\"steps\":2}"), "two steps per iteration: " + lines[0]);
        assertTrue(lines[2].endsWith(",\"steps\":6}"), lines[2]);
    }

    @Test
    void shouldRefuseToResumeFromACheckpointPastTheIterationLimit() {
        CheckpointHook at10 = new CheckpointHook() {
            @Override
            public Progress resume(Model model) {
                return new Progress(10, false, 0, 0, 0, 20);
            }

            @Override
            public void atSyncPoint(Progress progress, Model model) {
                throw new AssertionError("no iteration may run");
            }
        };
        IllegalArgumentException e = LocalCluster.of(1).call(comm -> org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new TrainingLoop(Collectives.of(comm), 3, MetricsSink.discard(),
                        at10, ProgressReport.NONE, System::nanoTime).run(new CountingModel(0, 1e9), null))).get(0);
        assertTrue(String.valueOf(e.getMessage()).contains("the newest checkpoint is at iteration 10, past --iterations 3: "
                + "pass --iterations 10 or more to continue from it, or another --checkpoint-dir to start afresh"),
                e.getMessage());
        TrainingResult same = LocalCluster.of(1).call(comm -> new TrainingLoop(Collectives.of(comm), 10,
                MetricsSink.discard(), at10, ProgressReport.NONE, System::nanoTime).run(new CountingModel(0, 1e9), null))
                .get(0);
        assertEquals(10, same.iterations(), "a checkpoint at the limit (a restart after the last one) is fine");
    }

    @Test
    void shouldStopAtTheIterationLimitWithoutConverging() {
        TrainingResult r = LocalCluster.of(2).call(comm -> new TrainingLoop(Collectives.of(comm), 4,
                MetricsSink.discard(), CheckpointHook.NONE, ProgressReport.NONE, System::nanoTime)
                .run(new CountingModel(comm.rank(), 1e9), null)).get(0);
        assertFalse(r.converged());
        assertEquals(4, r.iterations());
    }

    @Test
    void shouldLetRankZeroAloneReportAFailureOfTheUpdate() {
        // update runs on the same combined statistics everywhere: its failure is every rank's
        List<String> marks = LocalCluster.of(3).call(comm -> {
            CountingModel failing = new CountingModel(comm.rank(), 1e9) {
                @Override
                public Step update(Statistics stats) {
                    throw new IllegalStateException("not positive definite");
                }
            };
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> new TrainingLoop(Collectives.of(comm), 5, MetricsSink.discard(), CheckpointHook.NONE,
                            ProgressReport.NONE, System::nanoTime).run(failing, null));
            return (dev.concord.runtime.EchoedFailure.isEcho(e) ? "echo" : "reports")
                    + (dev.concord.runtime.EchoedFailure.isShared(e) ? ", shared" : "");
        });
        assertEquals(List.of("reports, shared", "echo, shared", "echo, shared"), marks,
                "rank 0 prints it; no rank aborts the others, which reach it by themselves");
    }

    @Test
    void shouldSayWhichSinksWantTheirLines() {
        assertFalse(MetricsSink.discard().wanted(), "ranks other than 0 need not format metric lines");
        assertTrue(MetricsSink.inMemory().wanted());
    }
}
