package dev.concord.collectives;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.ElementType;
import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.LocalCluster.Transport;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Broadcast, reduce, allgather, reduce-scatter, gather, scatter and barrier for world sizes 1..8. */
class OtherCollectivesTest {
    static IntStream worlds() {
        return IntStream.rangeClosed(1, 8);
    }

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldBroadcastFromEveryRootWithBothAlgorithms(int n) {
        LocalCluster.of(n).run(comm -> CollectivesSuite.broadcastFromEveryRoot(comm));
    }

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldReduceToEveryRoot(int n) {
        LocalCluster.of(n).run(comm -> CollectivesSuite.reduceToEveryRoot(comm));
    }

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldAllgatherWithBothAlgorithms(int n) {
        LocalCluster.of(n).run(comm -> CollectivesSuite.allgatherBothAlgorithms(comm));
    }

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldReduceScatterIntoEachRanksChunk(int n) {
        LocalCluster.of(n).run(comm -> CollectivesSuite.reduceScatterEachChunk(comm));
    }

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldGatherAndScatterAtEveryRoot(int n) {
        LocalCluster.of(n).run(comm -> CollectivesSuite.gatherAndScatterEveryRoot(comm));
    }

    @ParameterizedTest(name = "checkCalls={0}")
    @ValueSource(booleans = {true, false})
    void shouldNotLeaveBarrierBeforeEveryRankArrived(boolean checkCalls) {
        for (int n = 1; n <= 8; n++) {
            AtomicIntegerArray arrived = new AtomicIntegerArray(n);
            int size = n;
            LocalCluster.of(n).run(comm -> {
                Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withCheckCalls(checkCalls));
                for (int round = 1; round <= 3; round++) {
                    Thread.sleep(((comm.rank() * 7 + round) % size) * 3L);
                    arrived.set(comm.rank(), round);
                    c.barrier();
                    for (int p = 0; p < size; p++) {
                        assertTrue(arrived.get(p) >= round, "rank " + comm.rank() + " left barrier " + round
                                + " before rank " + p + " arrived");
                    }
                    c.barrier();
                }
            });
        }
    }

    static Stream<Arguments> realTransports() {
        return Stream.of(Arguments.of(Transport.TCP, 3), Arguments.of(Transport.TCP, 4), Arguments.of(Transport.SHM, 3),
                Arguments.of(Transport.SHM, 4), Arguments.of(Transport.SHM, 8));
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("realTransports")
    void shouldRunEveryCollectiveOverRealTransports(Transport transport, int n) {
        LocalCluster.of(n).transport(transport).run(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            int count = 65537;
            Object buf = CollectivesSuite.filled(ElementType.DOUBLE, comm.rank() == 1 ? 1 : 50, 0, count);
            c.broadcast(buf, 0, count, 1);
            CollectivesSuite.expectItems(buf, 0, count, 1, "tcp broadcast");
            Object recv = new int[n * count];
            c.allgather(CollectivesSuite.filled(ElementType.INT, comm.rank(), 0, count), 0, count, recv, 0);
            for (int p = 0; p < n; p++) {
                CollectivesSuite.expectItems(recv, p * count, count, p, "tcp allgather block " + p);
            }
            Object r = Values.input(ElementType.LONG, ReduceOp.SUM, comm.rank(), 0, count);
            c.reduce(r, 0, count, ReduceOp.SUM, n - 1);
            if (comm.rank() == n - 1) {
                Values.verify(r, ReduceOp.SUM, n, comm.rank(), 0, count, "tcp reduce");
            }
            c.barrier();
        });
    }
}
