package dev.concord.runtime.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.launch.ExitCodes;
import dev.concord.runtime.testkit.ProcessCluster;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Ranks as real processes over MPJ Express (niodev), started by Concord's launcher. */
class MpjTransportIT {

    private static ProcessCluster mpj(int np, Class<?> main) {
        return ProcessCluster.of(np, main).env("CONCORD_TRANSPORT", "mpj").timeout(Duration.ofSeconds(90));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void shouldExchangePointToPointMessages(int np) {
        ProcessCluster.Result r = mpj(np, PointToPointProgram.class).run();
        assertEquals(ExitCodes.OK, r.exitCode(), r.transcript());
        for (int rank = 0; rank < np; rank++) {
            assertTrue(r.linesOf(rank).contains("ok transport=mpj size=" + np), r.transcript());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void shouldPassTheWholeCollectivesSuiteOverMpj(int np) {
        ProcessCluster.Result r = mpj(np, CollectivesProgram.class).timeout(Duration.ofMinutes(5)).run();
        assertEquals(ExitCodes.OK, r.exitCode(), r.transcript());
        for (int rank = 0; rank < np; rank++) {
            int me = rank;
            assertTrue(r.linesOf(rank).stream().anyMatch(l -> l.startsWith("ok collectives size=" + np)),
                    "rank " + me + " did not finish the suite:\n" + r.transcript());
        }
    }

    @Test
    void shouldReportAKilledRankOnEverySurvivorAndFailTheJob() {
        long t0 = System.nanoTime();
        ProcessCluster.Result r = mpj(3, RingProgram.class).killWhen(1, "round 20"::equals).run();
        double jobSeconds = (System.nanoTime() - t0) / 1e9;
        Long killedAt = r.faultTimes().get("kill:1");
        assertNotNull(killedAt, "rank 1 never reached round 20:\n" + r.transcript());
        for (int rank : new int[] {0, 2}) {
            ProcessCluster.Line report = r.first(rank, "PEER_FAILED");
            assertNotNull(report, "rank " + rank + " did not report the failure:\n" + r.transcript());
            assertTrue(report.text().startsWith("PEER_FAILED rank=1 "), report.text());
            double seconds = (report.nanos() - killedAt) / 1e9;
            assertTrue(seconds < 10, "rank " + rank + " reported after " + seconds + " s");
        }
        assertEquals(137, r.exitCode(), "the job's status is the killed rank's\n" + r.transcript());
        assertTrue(jobSeconds < 60, "the job took " + jobSeconds + " s");
        assertTrue(ProcessCluster.allGone(r.pids(), Duration.ofSeconds(5)), "a rank process was left behind");
    }

    @Test
    void shouldEndABlockedReceiveAtItsDeadlineWhenAPeerIsStopped() {
        ProcessCluster.Result r = mpj(2, RingProgram.class).env("CONCORD_OP_TIMEOUT", "3s")
                .stopWhen(1, "round 10"::equals).run();
        assertNotNull(r.faultTimes().get("stop:1"), r.transcript());
        assertTrue(r.transcript().contains("timed out after 3"), r.transcript());
        assertNotEquals(ExitCodes.OK, r.exitCode(), r.transcript());
        assertTrue(ProcessCluster.allGone(r.pids(), Duration.ofSeconds(10)), "a rank process was left behind");
    }
}
