package dev.concord.collectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.ElementType;
import dev.concord.runtime.testkit.LocalCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsAndSelectionTest {
    @Test
    void shouldReadForcedAlgorithmAndFlagsFromTheEnvironment() {
        CollectiveOptions o = CollectiveOptions.fromEnvironment(Map.of("CONCORD_ALLREDUCE", "Rabenseifner",
                "CONCORD_REPRODUCIBLE", "1", "CONCORD_CHECK_CALLS", "off"));
        assertEquals(AllreduceKind.RABENSEIFNER, o.forcedAllreduce());
        assertTrue(o.reproducible());
        assertFalse(o.checkCalls());
        CollectiveOptions d = CollectiveOptions.fromEnvironment(Map.of("CONCORD_ALLREDUCE", "auto"));
        assertNull(d.forcedAllreduce());
        assertTrue(d.checkCalls());
        assertFalse(d.reproducible());
    }

    @Test
    void shouldRejectABadAlgorithmNamingItAndTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CollectiveOptions.fromEnvironment(Map.of("CONCORD_ALLREDUCE", "butterfly")));
        assertTrue(e.getMessage().contains("CONCORD_ALLREDUCE=butterfly"), e.getMessage());
        assertTrue(e.getMessage().contains("ring, tree, rd, rabenseifner"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> CollectiveOptions.fromEnvironment(Map.of("CONCORD_REPRODUCIBLE", "maybe")));
        assertTrue(f.getMessage().contains("CONCORD_REPRODUCIBLE=maybe"), f.getMessage());
    }

    @Test
    void shouldPickByBytesAndWorldSizeUnlessForced() {
        assertEquals(AllreduceKind.RECURSIVE_DOUBLING, AlgorithmSelector.allreduce(8, 8, null));
        assertEquals(AllreduceKind.RABENSEIFNER, AlgorithmSelector.allreduce(64 << 10, 8, null));
        assertEquals(AllreduceKind.RABENSEIFNER, AlgorithmSelector.allreduce(8 << 20, 4, null));
        assertEquals(AllreduceKind.TREE, AlgorithmSelector.allreduce(8 << 20, 3, null));
        assertEquals(AllreduceKind.TREE, AlgorithmSelector.allreduce(256 << 10, 2, null));
        assertEquals(AllreduceKind.RING, AlgorithmSelector.allreduce(512 << 10, 2, null));
        assertEquals(AllreduceKind.RING, AlgorithmSelector.allreduce(1 << 20, 2, null));
        assertEquals(AllreduceKind.RABENSEIFNER, AlgorithmSelector.allreduce(64 << 20, 6, null));
        assertEquals(AllreduceKind.RABENSEIFNER, AlgorithmSelector.allreduce(64 << 20, 8, null));
        assertEquals(AllreduceKind.RING, AlgorithmSelector.allreduce(64 << 20, 2, null));
        assertEquals(AllreduceKind.TREE, AlgorithmSelector.allreduce(64 << 20, 8, AllreduceKind.TREE));
        assertTrue(AlgorithmSelector.largeBroadcast(1 << 20, 4));
        assertFalse(AlgorithmSelector.largeBroadcast(1 << 10, 4));
    }

    @Test
    void shouldReturnOneInstancePerCommunicatorAndReportTheChoice() {
        LocalCluster.of(2).run(comm -> {
            assertSame(Collectives.of(comm), Collectives.of(comm));
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            assertEquals(AllreduceKind.TREE, c.allreduceKind(ElementType.DOUBLE, 1 << 15));
            assertEquals(AllreduceKind.RING, c.allreduceKind(ElementType.DOUBLE, 1 << 17));
            assertEquals(AllreduceKind.RING, c.allreduceKind(ElementType.DOUBLE, 1 << 20));
            assertSame(comm, c.communicator());
        });
    }

    @Test
    void shouldRejectBadArgumentsLocallyWithRankAndValues() {
        LocalCluster.of(1).run(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                    () -> c.allreduce(new double[4], 2, 3, ReduceOp.SUM));
            assertTrue(range.getMessage().contains("[2, 2+3)") && range.getMessage().contains("rank 0"), range.getMessage());
            IllegalArgumentException root = assertThrows(IllegalArgumentException.class, () -> c.broadcast(new int[1], 0, 1, 5));
            assertTrue(root.getMessage().contains("root 5"), root.getMessage());
            IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class,
                    () -> c.allreduce(new byte[1], 0, 1, ReduceOp.SUM));
            assertTrue(bytes.getMessage().contains("cannot reduce bytes"), bytes.getMessage());
        });
        LocalCluster.of(2).run(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            int big = (1 << 30) + 1; // two of them overflow an int: the message gave a negative range
            IllegalArgumentException total = assertThrows(IllegalArgumentException.class,
                    () -> c.allgather(new byte[1], 0, big, new byte[1], 0));
            assertTrue(total.getMessage().startsWith(big + " elements from each of 2 ranks make 2147483650, more than a"
                    + " Java array holds"), total.getMessage());
        });
    }

    @Test
    void shouldRejectAnOpThatLacksTheTypeOnEveryRankBeforeAnyMessage() {
        ReduceOp onlyLongs = new ReduceOp("xor") {
            @Override
            public void apply(long[] acc, int ao, long[] in, int io, int n) {
                for (int i = 0; i < n; i++) {
                    acc[ao + i] ^= in[io + i];
                }
            }
        };
        java.util.List<String> messages = LocalCluster.of(3).call(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> c.allreduce(new double[100], 0, 100, onlyLongs));
            long[] x = {1L << comm.rank()};
            c.allreduce(x, 0, 1, onlyLongs);
            assertEquals(7L, x[0]);
            return e.getMessage();
        });
        for (String m : messages) {
            assertTrue(m.contains("'xor' does not support DOUBLE"), m);
        }
    }
}
