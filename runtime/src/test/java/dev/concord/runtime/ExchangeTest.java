package dev.concord.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.LocalCluster.Transport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Point-to-point exchanges for every world size 1..8 over in-JVM and TCP. */
class ExchangeTest {

    static Stream<Arguments> worlds() {
        List<Arguments> out = new ArrayList<>();
        for (Transport t : Transport.values()) {
            for (int n = 1; n <= 8; n++) {
                out.add(Arguments.of(t, n));
            }
        }
        return out.stream();
    }

    /** Value that rank {@code from} puts at index {@code i} of a message to {@code to}. */
    static double value(int from, int to, int i) {
        return from * 1_000_000.0 + to * 1000.0 + i + 0.25;
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("worlds")
    void shouldPassMessagesAroundARing(Transport transport, int n) {
        LocalCluster.of(n).transport(transport).run(comm -> {
            int right = (comm.rank() + 1) % n;
            int left = (comm.rank() + n - 1) % n;
            for (int count : new int[] {0, 1, 7, 1000, 100_000, 300_000}) {
                double[] out = new double[count];
                for (int i = 0; i < count; i++) {
                    out[i] = value(comm.rank(), right, i);
                }
                double[] in = new double[count];
                int got = comm.sendrecv(right, 3, out, 0, count, left, 3, in, 0, count);
                assertEquals(count, got);
                for (int i = 0; i < count; i++) {
                    if (in[i] != value(left, comm.rank(), i)) {
                        throw new AssertionError("rank " + comm.rank() + " index " + i + " got " + in[i]);
                    }
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("worlds")
    void shouldExchangeAllToAllWithNonBlockingCalls(Transport transport, int n) {
        LocalCluster.of(n).transport(transport).run(comm -> {
            int me = comm.rank();
            int count = 5000;
            long[][] in = new long[n][count];
            long[][] out = new long[n][count];
            Request[] reqs = new Request[2 * n];
            for (int p = 0; p < n; p++) {
                reqs[p] = comm.irecv(p, 11, in[p]);
            }
            for (int p = 0; p < n; p++) {
                for (int i = 0; i < count; i++) {
                    out[p][i] = (long) me << 40 | (long) p << 20 | i;
                }
                reqs[n + p] = comm.isend(p, 11, out[p]);
            }
            for (Request r : reqs) {
                r.await();
            }
            for (int p = 0; p < n; p++) {
                assertEquals(p, reqs[p].source());
                for (int i = 0; i < count; i++) {
                    assertEquals((long) p << 40 | (long) me << 20 | i, in[p][i]);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("worlds")
    void shouldKeepTagsApartAndOrderPerSourceAndTag(Transport transport, int n) {
        LocalCluster.of(n).transport(transport).run(comm -> {
            int me = comm.rank();
            int msgs = 20;
            // every rank sends to rank 0: interleaved tags 1 and 2, sizes crossing the eager limit
            if (me != 0 || n == 1) {
                for (int k = 0; k < msgs; k++) {
                    int tag = 1 + (k % 2);
                    int[] m = new int[k % 5 == 0 ? 300_000 : 3];
                    m[0] = k;
                    m[m.length - 1] = me;
                    comm.isend(0, tag, m);
                }
            }
            if (me == 0) {
                int senders = n == 1 ? 1 : n - 1;
                for (int s = n == 1 ? 0 : 1; s < (n == 1 ? 1 : n); s++) {
                    // receive tag 2 first: tag 1 messages must wait, untouched
                    int[] buf = new int[300_000];
                    for (int k = 1; k < msgs; k += 2) {
                        int got = comm.recv(s, 2, buf);
                        assertEquals(k, buf[0], "order of tag 2 from rank " + s);
                        assertEquals(s, buf[got - 1]);
                    }
                    for (int k = 0; k < msgs; k += 2) {
                        int got = comm.recv(s, 1, buf);
                        assertEquals(k, buf[0], "order of tag 1 from rank " + s);
                        assertEquals(s, buf[got - 1]);
                    }
                }
                assertTrue(senders > 0);
            }
        });
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("worlds")
    void shouldReceiveFromAnySource(Transport transport, int n) {
        LocalCluster.of(n).transport(transport).run(comm -> {
            int me = comm.rank();
            comm.send(0, 5, new float[] {me, me * 2f});
            if (me == 0) {
                boolean[] seen = new boolean[n];
                for (int k = 0; k < n; k++) {
                    float[] buf = new float[2];
                    Request r = comm.irecv(Communicator.ANY_SOURCE, Communicator.ANY_TAG, buf);
                    r.await();
                    assertEquals(5, r.tag());
                    assertEquals(r.source(), (int) buf[0]);
                    assertEquals(2f * r.source(), buf[1]);
                    seen[r.source()] = true;
                    r.release();
                }
                for (boolean s : seen) {
                    assertTrue(s);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void shouldNotLetAWildcardTagReceiveTakeACollectivesMessage(Transport transport) {
        int reserved = Communicator.MAX_USER_TAG + 1;
        LocalCluster.of(2).transport(transport).run(comm -> {
            if (comm.rank() == 1) {
                ReservedChannel.of(comm).send(0, reserved, new int[] {1}, 0, 1); // as a collective does, first
                comm.send(0, 5, new int[] {2});
                return;
            }
            int[] user = new int[1];
            Request wildcard = comm.irecv(Communicator.ANY_SOURCE, Communicator.ANY_TAG, user);
            int[] internal = new int[1];
            assertEquals(1, ReservedChannel.of(comm).recv(1, reserved, internal, 0, 1)); // the collective's, posted later
            assertEquals(1, internal[0]);
            wildcard.await();
            assertEquals(5, wildcard.tag());
            assertEquals(2, user[0]);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void shouldSendToSelfEveryTypeAndByteBuffers(Transport transport) {
        LocalCluster.of(2).transport(transport).run(comm -> {
            int me = comm.rank();
            byte[] bytes = {1, 2, 3, 4, 5, 6, 7};
            comm.send(me, 1, bytes);
            byte[] b = new byte[7];
            assertEquals(7, comm.recv(me, 1, b));
            assertArrayEquals(bytes, b);
            int[] big = new int[3_000_000];
            big[2_999_999] = 42;
            comm.send(me, 2, big);
            int[] bigIn = new int[3_000_000];
            comm.recv(me, 2, bigIn);
            assertEquals(42, bigIn[2_999_999]);
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.putLong(0, 77L).position(4).limit(12);
            comm.send(1 - me, 3, direct);
            ByteBuffer heap = ByteBuffer.allocate(20).position(2);
            assertEquals(8, comm.recv(1 - me, 3, heap));
            assertEquals(2, heap.position(), "receive must not move the position");
            assertEquals(direct.get(4), heap.get(2));
            assertEquals(direct.get(11), heap.get(9));
        });
    }

    /**
     * Found by a stress run (hundreds of isends, some to self, before the receives): an isend to
     * self waited for room in a full unexpected buffer that only this rank's own receives could
     * free, so it blocked until the op timeout.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void shouldNotBlockAnIsendToSelfWhenTheUnexpectedBufferIsFull(Transport transport) {
        RuntimeOptions small = RuntimeOptions.defaults().withLimits(4096, 16 * 1024, 1L << 30)
                .withOpTimeout(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
        int messages = 40;
        LocalCluster.of(2).transport(transport).options(small).run(comm -> {
            int me = comm.rank();
            Request[] sends = new Request[messages];
            for (int i = 0; i < messages; i++) {
                int[] m = new int[1000]; // 4000 B: eager, and 40 of them are ten times the buffer
                m[0] = i;
                m[999] = me;
                long start = System.nanoTime();
                sends[i] = comm.isend(me, 7, m);
                assertTrue(System.nanoTime() - start < 1_000_000_000L, "isend " + i + " to self blocked");
            }
            int[] in = new int[1000];
            for (int i = 0; i < messages; i++) {
                assertEquals(1000, comm.recv(me, 7, in));
                assertEquals(i, in[0], "messages to self out of order");
                assertEquals(me, in[999]);
                sends[i].await();
            }
        });
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("big")
    void shouldMove64MiBMessages(Transport transport, int n) {
        LocalCluster.of(n).transport(transport).run(comm -> {
            int count = 8 << 20; // 64 MiB of doubles
            double[] out = new double[count];
            double[] in = new double[count];
            for (int i = 0; i < count; i += 4099) {
                out[i] = comm.rank() + i;
            }
            out[count - 1] = -comm.rank();
            int right = (comm.rank() + 1) % n;
            int left = (comm.rank() + n - 1) % n;
            comm.sendrecv(right, 9, out, 0, count, left, 9, in, 0, count);
            for (int i = 0; i < count - 1; i += 4099) {
                assertEquals(left + i, in[i]);
            }
            assertEquals(-left, in[count - 1]);
        });
    }

    /**
     * Large payloads of every type at odd sizes and offsets (on TCP they bypass the staging
     * buffer), each followed by a small message that must still be read at the right alignment.
     */
    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("big")
    void shouldKeepFramingAfterLargeOddSizedPayloads(Transport transport, int n) {
        LocalCluster.of(n).transport(transport).run(comm -> {
            int right = (comm.rank() + 1) % n;
            int left = (comm.rank() + n - 1) % n;
            java.util.Random rnd = new java.util.Random(11);
            for (int round = 0; round < 12; round++) {
                int count = 30_000 + rnd.nextInt(300_000) | 1; // odd
                int off = rnd.nextInt(5);
                ElementType type = ElementType.values()[round % ElementType.values().length];
                Object out = type.newArray(off + count);
                Object in = type.newArray(off + count + 3);
                for (int i = 0; i < count; i++) {
                    java.lang.reflect.Array.set(out, off + i, value(type, comm.rank() * 1_000_003L + i));
                }
                comm.sendrecv(right, 20, out, off, count, left, 20, in, off + 3, count);
                long[] tail = {round * 1_000L + comm.rank()};
                long[] got = new long[1];
                comm.sendrecv(right, 21, tail, 0, 1, left, 21, got, 0, 1);
                assertEquals(round * 1_000L + left, got[0], "small message after " + type.describe(count));
                for (int i = 0; i < count; i += 997) {
                    assertEquals(value(type, left * 1_000_003L + i), java.lang.reflect.Array.get(in, off + 3 + i),
                            type + " element " + i + " of round " + round);
                }
                assertEquals(value(type, left * 1_000_003L + count - 1), java.lang.reflect.Array.get(in, off + 2 + count));
            }
        });
    }

    private static Object value(ElementType type, long v) {
        switch (type) {
            case DOUBLE: return (double) v;
            case FLOAT: return (float) (v % 1_000_000);
            case LONG: return v;
            case INT: return (int) v;
            default: return (byte) v;
        }
    }

    static Stream<Arguments> big() {
        return Stream.of(Arguments.of(Transport.JVM, 2), Arguments.of(Transport.TCP, 2),
                Arguments.of(Transport.TCP, 4));
    }
}
