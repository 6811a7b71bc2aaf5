package dev.concord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.LocalCluster.Transport;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tags {@code [2^30, 2^31)} belong to the collectives: the communicator's own calls refuse them,
 * naming the tag and the rank, and leave nothing behind; {@link ReservedChannel} carries them.
 */
class ReservedTagsTest {
    private static final int RESERVED = Communicator.MAX_USER_TAG + 1;

    /** A user call with a reserved tag, to the other rank of two. */
    interface UserCall {
        void run(Communicator comm, int peer, int tag);
    }

    static Stream<Arguments> userCalls() {
        return Stream.of(
                Arguments.of("send", (UserCall) (comm, peer, tag) -> comm.send(peer, tag, new int[1])),
                Arguments.of("send range", (UserCall) (comm, peer, tag) -> comm.send(peer, tag, new int[1], 0, 1)),
                Arguments.of("isend", (UserCall) (comm, peer, tag) -> comm.isend(peer, tag, new int[1])),
                Arguments.of("isend range", (UserCall) (comm, peer, tag) -> comm.isend(peer, tag, new int[1], 0, 1)),
                Arguments.of("sendrecv, send tag", (UserCall) (comm, peer, tag) -> comm.sendrecv(peer, tag, new int[1],
                        0, 1, peer, 3, new int[1], 0, 1)),
                Arguments.of("sendrecv, receive tag", (UserCall) (comm, peer, tag) -> comm.sendrecv(peer, 3, new int[1],
                        0, 1, peer, tag, new int[1], 0, 1)),
                Arguments.of("recv", (UserCall) (comm, peer, tag) -> comm.recv(peer, tag, new int[1])),
                Arguments.of("recv range", (UserCall) (comm, peer, tag) -> comm.recv(peer, tag, new int[1], 0, 1)),
                Arguments.of("irecv", (UserCall) (comm, peer, tag) -> comm.irecv(peer, tag, new int[1])),
                Arguments.of("irecv any source", (UserCall) (comm, peer, tag) -> comm.irecv(Communicator.ANY_SOURCE,
                        tag, new int[1], 0, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userCalls")
    void shouldRefuseAReservedTagFromUserCodeNamingTheTagAndTheRank(String what, UserCall call) {
        LocalCluster.of(2).run(comm -> {
            int peer = 1 - comm.rank();
            for (int tag : new int[] {RESERVED, RESERVED + 9, Integer.MAX_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> call.run(comm, peer, tag), what + " with tag " + tag);
                assertTrue(e.getMessage().contains("tag " + tag + " is reserved for Concord's collectives"),
                        e.getMessage());
                assertTrue(e.getMessage().endsWith(" on rank " + comm.rank()), e.getMessage());
            }
            // nothing was sent or left posted: the next messages between the two match as usual
            int[] in = new int[1];
            comm.sendrecv(peer, 3, new int[] {10 + comm.rank()}, 0, 1, peer, 3, in, 0, 1);
            assertEquals(10 + peer, in[0]);
        });
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldStillTakeTheLargestUserTagAndAnyTag(Transport transport) {
        LocalCluster.of(2).transport(transport).run(comm -> {
            int peer = 1 - comm.rank();
            int[] in = new int[1];
            comm.sendrecv(peer, Communicator.MAX_USER_TAG, new int[] {comm.rank()}, 0, 1,
                    peer, Communicator.MAX_USER_TAG, in, 0, 1);
            assertEquals(peer, in[0]);
            Request any = comm.irecv(peer, Communicator.ANY_TAG, in);
            comm.send(peer, 0, new int[] {7});
            any.await();
            assertEquals(7, in[0]);
            any.release();
        });
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldCarryReservedTagsThroughTheReservedChannel(Transport transport) {
        LocalCluster.of(3).transport(transport).run(comm -> {
            ReservedChannel channel = ReservedChannel.of(comm);
            assertTrue(channel == ReservedChannel.of(comm), "one channel per communicator");
            int right = (comm.rank() + 1) % 3;
            int left = (comm.rank() + 2) % 3;
            long[] in = new long[2];
            assertEquals(2, channel.sendrecv(right, RESERVED, new long[] {comm.rank(), 5}, 0, 2,
                    left, RESERVED, in, 0, 2));
            assertEquals(left, in[0]);
            Request r = channel.irecv(left, Integer.MAX_VALUE, in, 0, 1);
            channel.isend(right, Integer.MAX_VALUE, new long[] {40 + comm.rank()}, 0, 1).await();
            r.await();
            assertEquals(40 + left, in[0]);
            channel.send(right, RESERVED + 1, new long[] {1}, 0, 1);
            assertEquals(1, channel.recv(left, RESERVED + 1, in, 0, 2));
        });
    }

    @ParameterizedTest(name = "tag {0}")
    @MethodSource("userTags")
    void shouldRefuseApplicationTagsOnTheReservedChannel(int tag) {
        LocalCluster.of(2).run(comm -> {
            ReservedChannel channel = ReservedChannel.of(comm);
            int peer = 1 - comm.rank();
            for (Executable call : new Executable[] {
                () -> channel.send(peer, tag, new int[1], 0, 1),
                () -> channel.isend(peer, tag, new int[1], 0, 1),
                () -> channel.recv(peer, tag, new int[1], 0, 1),
                () -> channel.irecv(peer, tag, new int[1], 0, 1),
                () -> channel.sendrecv(peer, RESERVED, new int[1], 0, 1, peer, tag, new int[1], 0, 1)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
                assertTrue(e.getMessage().contains("tag " + tag + " is not one of the tags reserved for collectives"),
                        e.getMessage());
                assertTrue(e.getMessage().endsWith(" on rank " + comm.rank()), e.getMessage());
            }
        });
    }

    static Stream<Integer> userTags() {
        return Stream.of(0, Communicator.MAX_USER_TAG, Communicator.ANY_TAG, -5);
    }
}
