package dev.concord.collectives.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.launch.ExitCodes;
import dev.concord.runtime.testkit.ProcessCluster;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Real processes over TCP: the root's invalid gather arguments fail every rank at once. */
class InvalidRootArgumentsIT {
    private static final Pattern FAILED = Pattern.compile("failed after (\\d+) ms: (\\w+): (.*)");

    @Test
    void shouldFailEveryRankWithinASecondWhenOnlyTheRootsReceiveBufferIsTooSmall() {
        int np = 4;
        long holdMillis = 5000;
        ProcessCluster.Result r = ProcessCluster.of(np, InvalidRootArgumentsProgram.class)
                .env("CONCORD_TRANSPORT", "tcp").env("CONCORD_OP_TIMEOUT", "30s")
                .args(Long.toString(holdMillis)).timeout(Duration.ofSeconds(90)).run();
        assertEquals(ExitCodes.OK, r.exitCode(), r.transcript());
        for (int rank = 0; rank < np; rank++) {
            ProcessCluster.Line line = r.first(rank, "failed after");
            assertNotNull(line, "rank " + rank + " did not fail:\n" + r.transcript());
            System.out.println("[" + rank + "] " + line.text());
            Matcher m = FAILED.matcher(line.text());
            assertTrue(m.matches(), line.text());
            long millis = Long.parseLong(m.group(1));
            assertTrue(millis < 1000, "rank " + rank + " failed after " + millis + " ms:\n" + r.transcript());
            String message = m.group(3);
            assertTrue(message.contains("receive buffer (size * count elements): range [0, 0+16) is outside a buffer"
                    + " of 4 elements on rank 0"), message);
            if (rank == 0) {
                assertEquals("IllegalArgumentException", m.group(2), line.text());
            } else {
                assertEquals("CollectiveMismatchException", m.group(2), line.text());
                assertTrue(message.contains("rank 0 passed invalid arguments to gather(4 ints, root=0) as the root"),
                        message);
            }
            assertNotNull(r.first(rank, "done"), "rank " + rank + " did not finish:\n" + r.transcript());
        }
    }
}
