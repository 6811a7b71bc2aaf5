package dev.concord.runtime.mpj;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.Request;
import dev.concord.runtime.ReservedChannel;
import dev.concord.runtime.bootstrap.Concord;
import java.nio.ByteBuffer;

/**
 * Rank program for {@link MpjTransportIT}: ring exchanges of every element type, tags matched out
 * of order, ANY_SOURCE/ANY_TAG (which must leave reserved tags alone), a zero-length message, a 4 MiB message and a direct ByteBuffer,
 * each checked against a closed form. Prints "ok" on success; any mismatch throws (exit 1).
 */
public final class PointToPointProgram {
    private PointToPointProgram() {
    }

    public static void main(String[] args) {
        try (Communicator comm = Concord.init()) {
            int n = comm.size();
            int me = comm.rank();
            int right = (me + 1) % n;
            int left = (me + n - 1) % n;
            ring(comm, right, left);
            tagsOutOfOrder(comm, right, left);
            zeroLength(comm, right, left);
            large(comm, right, left);
            directByteBuffer(comm, right, left);
            wildcardSkipsReservedTags(comm);
            anySource(comm); // last: a wildcard receive would also match a later phase's message
            System.out.println("ok transport=" + comm.transportName() + " size=" + n);
        }
    }

    private static void ring(Communicator comm, int right, int left) {
        int me = comm.rank();
        double[] d = {me + 0.5, -me};
        float[] f = {me * 2f};
        long[] l = {1L << 40 | me};
        int[] i = {me, me * me};
        byte[] b = {(byte) me, 7};
        double[] dIn = new double[4];
        float[] fIn = new float[1];
        long[] lIn = new long[1];
        int[] iIn = new int[2];
        byte[] bIn = new byte[2];
        int got = comm.sendrecv(right, 1, d, 0, 2, left, 1, dIn, 0, 4);
        comm.sendrecv(right, 2, f, 0, 1, left, 2, fIn, 0, 1);
        comm.sendrecv(right, 3, l, 0, 1, left, 3, lIn, 0, 1);
        comm.sendrecv(right, 4, i, 0, 2, left, 4, iIn, 0, 2);
        comm.sendrecv(right, 5, b, 0, 2, left, 5, bIn, 0, 2);
        check(got == 2 && dIn[0] == left + 0.5 && dIn[1] == -left, "doubles from rank " + left);
        check(fIn[0] == left * 2f, "floats");
        check(lIn[0] == (1L << 40 | left), "longs");
        check(iIn[0] == left && iIn[1] == left * left, "ints");
        check(bIn[0] == (byte) left && bIn[1] == 7, "bytes");
    }

    /** Tag 20 is sent first but received last: matching is by tag, not arrival order. */
    private static void tagsOutOfOrder(Communicator comm, int right, int left) {
        int[] a = {comm.rank() * 10 + 1};
        int[] b = {comm.rank() * 10 + 2};
        Request s1 = comm.isend(right, 20, a);
        Request s2 = comm.isend(right, 21, b);
        int[] in21 = new int[1];
        int[] in20 = new int[1];
        comm.recv(left, 21, in21);
        comm.recv(left, 20, in20);
        s1.await();
        s2.await();
        check(in20[0] == left * 10 + 1 && in21[0] == left * 10 + 2, "out-of-order tags");
    }

    /** Every rank sends its rank to rank 0, which receives with ANY_SOURCE/ANY_TAG and checks the envelope. */
    private static void anySource(Communicator comm) {
        if (comm.rank() != 0) {
            comm.send(0, 100 + comm.rank(), new int[] {comm.rank()});
            return;
        }
        boolean[] seen = new boolean[comm.size()];
        int[] in = new int[1];
        for (int k = 1; k < comm.size(); k++) {
            Request r = comm.irecv(Communicator.ANY_SOURCE, Communicator.ANY_TAG, in);
            r.await();
            check(r.source() == in[0] && r.tag() == 100 + in[0] && !seen[in[0]], "any-source envelope " + r.source());
            seen[in[0]] = true;
        }
    }

    /** A wildcard receive posted first must leave a collective's message (reserved tag) to the collective. */
    private static void wildcardSkipsReservedTags(Communicator comm) {
        int reserved = Communicator.MAX_USER_TAG + 1;
        if (comm.rank() == 1) {
            ReservedChannel.of(comm).send(0, reserved, new int[] {1}, 0, 1);
            comm.send(0, 5, new int[] {2});
        } else if (comm.rank() == 0) {
            int[] user = new int[1];
            Request wildcard = comm.irecv(1, Communicator.ANY_TAG, user);
            int[] internal = new int[1];
            ReservedChannel.of(comm).recv(1, reserved, internal, 0, 1);
            wildcard.await();
            check(internal[0] == 1 && wildcard.tag() == 5 && user[0] == 2, "wildcard took tag " + wildcard.tag());
        }
    }

    private static void zeroLength(Communicator comm, int right, int left) {
        double[] none = new double[0];
        double[] in = new double[3];
        int got = comm.sendrecv(right, 30, none, 0, 0, left, 30, in, 0, 3);
        check(got == 0, "zero-length message arrived as " + got + " elements");
    }

    private static void large(Communicator comm, int right, int left) {
        int count = 512 * 1024; // 4 MiB of doubles
        double[] out = new double[count];
        double[] in = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = comm.rank() * 1e7 + k;
        }
        comm.sendrecv(right, 40, out, 0, count, left, 40, in, 0, count);
        for (int k = 0; k < count; k++) {
            check(in[k] == left * 1e7 + k, "large message element " + k);
        }
    }

    private static void directByteBuffer(Communicator comm, int right, int left) {
        ByteBuffer out = ByteBuffer.allocateDirect(64);
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        for (int k = 0; k < 64; k++) {
            out.put(k, (byte) (comm.rank() + k));
        }
        comm.sendrecv(right, 50, out, 8, 32, left, 50, in, 16, 48);
        for (int k = 0; k < 32; k++) {
            check(in.get(16 + k) == (byte) (left + 8 + k), "direct ByteBuffer byte " + k);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
    }
}
