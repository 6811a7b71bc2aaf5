package dev.concord.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.launch.ExitCodes;
import dev.concord.runtime.testkit.ProcessCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Real processes, real sockets, real signals. */
class ProcessFailureIT {

    @Test
    void shouldCompleteAnExchangeAndExitZero() {
        ProcessCluster.Result r = ProcessCluster.of(4, ExchangeProgram.class).args("20", "1000", "0").run();
        assertEquals(ExitCodes.OK, r.exitCode(), r.transcript());
        for (int rank = 0; rank < 4; rank++) {
            assertTrue(r.linesOf(rank).contains("done"), r.transcript());
        }
    }

    @Test
    void shouldReportAKilledRankOnEverySurvivorWithinTenSeconds() {
        ProcessCluster.Result r = ProcessCluster.of(4, ExchangeProgram.class).args("100000", "20000", "5")
                .killWhen(2, "round 30"::equals).run();
        Long killedAt = r.faultTimes().get("kill:2");
        assertNotNull(killedAt, "rank 2 never reached round 30:\n" + r.transcript());
        for (int rank : new int[] {0, 1, 3}) {
            ProcessCluster.Line report = r.first(rank, "PEER_FAILED");
            assertNotNull(report, "rank " + rank + " did not report the failure:\n" + r.transcript());
            assertTrue(report.text().startsWith("PEER_FAILED rank=2 "), report.text());
            double seconds = (report.nanos() - killedAt) / 1e9;
            assertTrue(seconds < 10, "rank " + rank + " reported after " + seconds + " s");
        }
        assertEquals(137, r.exitCode(), "the job's status is the killed rank's (128 + SIGKILL)\n" + r.transcript());
        assertTrue(ProcessCluster.allGone(r.pids(), Duration.ofSeconds(5)), "a rank process was left behind");
    }

    @Test
    void shouldDetectAStoppedRankByTheOpTimeout() {
        ProcessCluster.Result r = ProcessCluster.of(3, ExchangeProgram.class).args("100000", "100", "5")
                .env("CONCORD_OP_TIMEOUT", "4s").stopWhen(1, "round 20"::equals).run();
        Long stoppedAt = r.faultTimes().get("stop:1");
        assertNotNull(stoppedAt, r.transcript());
        for (int rank : new int[] {0, 2}) {
            ProcessCluster.Line report = r.first(rank, "PEER_FAILED");
            assertNotNull(report, "rank " + rank + " did not report the stopped rank:\n" + r.transcript());
            assertTrue(report.text().startsWith("PEER_FAILED rank=1 "), report.text());
            double seconds = (report.nanos() - stoppedAt) / 1e9;
            // peer timeout = half the op timeout: silence of 2 s is failure, reported before any op times out
            assertTrue(seconds >= 1.5 && seconds < 8, "rank " + rank + " reported after " + seconds + " s");
        }
        assertNotEquals(0, r.exitCode());
        assertTrue(ProcessCluster.allGone(r.pids(), Duration.ofSeconds(10)), "a rank process was left behind");
    }

    @Test
    void shouldPropagateTheFirstFailingStatusAndStopTheOthers() {
        ProcessCluster.Result r = ProcessCluster.of(3, FailingProgram.class).args("1", "42").run();
        assertEquals(42, r.exitCode(), r.transcript());
        assertTrue(ProcessCluster.allGone(r.pids(), Duration.ofSeconds(5)));
    }
}
