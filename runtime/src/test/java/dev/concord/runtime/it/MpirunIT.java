package dev.concord.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.OpenMpi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Open MPI's real mpirun places 4 ranks of a Concord program: they take rank and size from
 * OMPI_COMM_WORLD_*, find rank 0 through CONCORD_COORDINATOR and complete an exchange. In CI
 * ({@code CI=true}) mpirun must be installed (.ci/run installs openmpi-bin); elsewhere the test
 * is skipped without it.
 */
class MpirunIT {

    @Test
    void shouldRunAnExchangeUnderOpenMpiMpirun() throws Exception {
        assumeTrue(OpenMpi.mpirunAvailable(), "Open MPI's mpirun is not installed");
        int port = LocalCluster.freePort();
        List<String> cmd = new ArrayList<>(List.of("mpirun", "-np", "4", "--oversubscribe", "--allow-run-as-root",
                "--mca", "btl", "self,tcp",
                "-x", "CONCORD_COORDINATOR=127.0.0.1:" + port, "-x", "CONCORD_JOB_TOKEN=mpirun-it-token",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ExchangeProgram.class.getName(),
                "50", "1000", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = readAll(p);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mpirun did not finish:\n" + out);
        assertEquals(0, p.exitValue(), out);
        for (int r = 0; r < 4; r++) {
            assertTrue(out.contains("identity rank=" + r + " size=4 source=Open MPI"), out);
        }
        assertEquals(4, out.split("\ndone", -1).length - 1 + (out.startsWith("done") ? 1 : 0), out);
    }

    private static String readAll(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
