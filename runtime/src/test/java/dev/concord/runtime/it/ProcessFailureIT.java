package dev.concord.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.launch.ExitCodes;
import dev.concord.runtime.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real processes, real sockets, real shared memory, real signals; each case over TCP and over
 * shared memory ({@code CONCORD_TRANSPORT=shm}, segments in a fresh directory that must be empty
 * afterwards, however the ranks ended).
 */
class ProcessFailureIT {
    @TempDir
    Path shmDir;

    /** A cluster over {@code transport}; for shm, ranks put their segments in {@link #shmDir}. */
    private ProcessCluster cluster(int np, Class<?> main, String transport) {
        ProcessCluster c = ProcessCluster.of(np, main).env("CONCORD_TRANSPORT", transport);
        return transport.equals("shm") ? c.env("CONCORD_SHM_DIR", shmDir.toString()) : c;
    }

    /** Every rank ran over {@code transport}, and no segment file is left behind. */
    private void assertTransport(ProcessCluster.Result r, int np, String transport) throws IOException {
        for (int rank = 0; rank < np; rank++) {
            ProcessCluster.Line id = r.first(rank, "identity");
            assertNotNull(id, r.transcript());
            assertTrue(id.text().endsWith(" transport=" + transport), id.text());
        }
        try (Stream<Path> left = Files.list(shmDir)) {
            assertEquals(List.of(), left.collect(Collectors.toList()), "shared-memory files left behind");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "shm"})
    void shouldCompleteAnExchangeAndExitZero(String transport) throws IOException {
        ProcessCluster.Result r = cluster(4, ExchangeProgram.class, transport).args("20", "1000", "0").run();
        assertEquals(ExitCodes.OK, r.exitCode(), r.transcript());
        for (int rank = 0; rank < 4; rank++) {
            assertTrue(r.linesOf(rank).contains("done"), r.transcript());
        }
        assertTransport(r, 4, transport);
    }

    /** Eager-sized messages over both transports; over shm also rendezvous ones (2.4 MB, streamed in chunks). */
    @ParameterizedTest(name = "{0} {1} doubles")
    @CsvSource({"tcp, 20000", "shm, 20000", "shm, 300000"})
    void shouldReportAKilledRankOnEverySurvivorWithinTenSeconds(String transport, int count) throws IOException {
        ProcessCluster.Result r = cluster(4, ExchangeProgram.class, transport).args("100000", "" + count, "5")
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
        assertTransport(r, 4, transport);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "shm"})
    void shouldDetectAStoppedRankByTheOpTimeout(String transport) throws IOException {
        ProcessCluster.Result r = cluster(3, ExchangeProgram.class, transport).args("100000", "100", "5")
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
        assertTransport(r, 3, transport);
    }

    @Test
    void shouldPropagateTheFirstFailingStatusAndStopTheOthers() {
        ProcessCluster.Result r = ProcessCluster.of(3, FailingProgram.class).args("1", "42").run();
        assertEquals(42, r.exitCode(), r.transcript());
        assertTrue(ProcessCluster.allGone(r.pids(), Duration.ofSeconds(5)));
    }

    @Test
    void shouldNotRestartAfterAUsageError() {
        // status 2 is a bad command line (ExitCodes.USAGE): every restart would fail the same way
        ProcessCluster.Result r = ProcessCluster.of(3, FailingProgram.class).args("1", "2").maxRestarts(3).run();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.transcript());
        assertEquals(0, r.restarts(), r.transcript());
        assertTrue(r.transcript().contains("not restarting: rank 1 exited with status 2 (a usage error"),
                r.transcript());
        // any other failure is restarted
        ProcessCluster.Result other = ProcessCluster.of(3, FailingProgram.class).args("1", "3").maxRestarts(1).run();
        assertEquals(1, other.restarts(), other.transcript());
    }

    @Test
    void shouldNameARankThatNeverJoinedWhenTheJobDoesNotForm() {
        ProcessCluster.Result r = ProcessCluster.of(3, LateJoinProgram.class).args("2", "600")
                .env("CONCORD_CONNECT_TIMEOUT", "3s").grace(Duration.ofSeconds(2)).run();
        assertNotEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.transcript().contains("rank 2 is running but never registered with the coordinator"),
                r.transcript());
        assertTrue(ProcessCluster.allGone(r.pids(), Duration.ofSeconds(10)), "a rank process was left behind");
    }

    /**
     * The launcher's coordinator dies with the launcher, so a rank still joining would wait out the
     * whole connect timeout (here 5 minutes) as an orphan; it must notice the launcher is gone.
     */
    @Test
    void shouldExitWhenTheLauncherDiesBeforeTheJobHasFormed() throws Exception {
        Process launcher = new ProcessBuilder("sleep", "600").start(); // stands in for a launcher SIGKILLed
        ProcessBuilder pb = new ProcessBuilder(dev.concord.runtime.launch.LaunchSpec.javaCommand(List.of(),
                System.getProperty("java.class.path"), LateJoinProgram.class.getName(), List.of("-1", "0")));
        pb.environment().putAll(java.util.Map.of("CONCORD_RANK", "1", "CONCORD_SIZE", "2",
                "CONCORD_COORDINATOR", "127.0.0.1:" + dev.concord.runtime.testkit.LocalCluster.freePort(),
                "CONCORD_COORDINATOR_EXTERNAL", "1", "CONCORD_JOB_TOKEN", "t", "CONCORD_CONNECT_TIMEOUT", "5m",
                "CONCORD_LAUNCHER_PID", Long.toString(launcher.pid())));
        Process rank = pb.redirectErrorStream(true).start();
        try {
            launcher.destroyForcibly().waitFor();
            assertTrue(rank.waitFor(30, java.util.concurrent.TimeUnit.SECONDS),
                    "the rank outlived its launcher by 30 s (still trying to join)");
            String out = new String(rank.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(1, rank.exitValue(), out);
            assertTrue(out.contains("concord: rank 1: launcher (pid " + launcher.pid() + ") is gone; exiting"), out);
        } finally {
            rank.destroyForcibly();
        }
    }

    @Test
    void shouldFailAtOnceNamingARankThatEndedBeforeJoining() {
        long t0 = System.nanoTime();
        ProcessCluster.Result r = ProcessCluster.of(3, LeavingProgram.class).args("1").run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertNotEquals(ExitCodes.OK, r.exitCode(), r.transcript());
        for (int rank : new int[] {0, 2}) {
            // they used to wait the whole connect timeout (60 s) and then say only that "not every rank registered"
            assertTrue(r.linesOf(rank).stream().anyMatch(l -> l.contains("rank 1 exited with status 0 before it joined the job")),
                    r.transcript());
        }
        assertTrue(seconds < 45, "took " + seconds + " s, about the connect timeout:\n" + r.transcript());
    }
}
