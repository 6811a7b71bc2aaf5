package dev.concord.runtime.tcp;

import dev.concord.runtime.ConcordException;
import dev.concord.runtime.shm.ShmSegment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Chooses shared memory per pair of ranks, over the pair's authenticated TCP connection, right
 * after the job forms. Every rank does this whatever its transport, so ranks that disagree
 * simply stay on TCP.
 *
 * <ol>
 *   <li>Both send an offer: host identity (kernel boot id and mount namespace), pid, and whether
 *       they want shared memory.</li>
 *   <li>Where both want it and the identities match, the lower rank creates the segment and
 *       sends its path (or "" if it could not).</li>
 *   <li>The higher rank maps it and answers whether that worked.</li>
 *   <li>The lower rank deletes the file: from now on only the two mappings hold the memory.</li>
 * </ol>
 *
 * Every step writes before it reads and the messages are tiny, so no pair waits on another.
 */
final class SegmentExchange {
    private static final int MAX_BODY = 4096;

    private final int rank;
    private final int size;
    private final SocketChannel[] channels;
    private final long deadline;
    final ShmSegment[] segments;
    final long[] pids;

    private SegmentExchange(int rank, int size, SocketChannel[] channels, long deadline) {
        this.rank = rank;
        this.size = size;
        this.channels = channels;
        this.deadline = deadline;
        this.segments = new ShmSegment[size];
        this.pids = new long[size];
    }

    /**
     * Runs the exchange with every peer; {@code dir} is where to create segments, or null if this
     * rank does not want shared memory. {@code job} names the job in segment file names.
     */
    static SegmentExchange run(int rank, int size, SocketChannel[] channels, Path dir, String job, int capacity,
            long deadline) throws IOException {
        SegmentExchange x = new SegmentExchange(rank, size, channels, deadline);
        String host = hostIdentity();
        for (int p = 0; p < size; p++) {
            if (p != rank) {
                x.send(p, out -> {
                    out.writeUTF(host);
                    out.writeLong(ProcessHandle.current().pid());
                    out.writeBoolean(dir != null);
                });
            }
        }
        boolean[] paired = new boolean[size];
        for (int p = 0; p < size; p++) {
            if (p != rank) {
                DataInputStream in = x.receive(p, "offer");
                String theirHost = in.readUTF();
                x.pids[p] = in.readLong();
                paired[p] = in.readBoolean() && dir != null && theirHost.equals(host);
            }
        }
        for (int p = rank + 1; p < size; p++) {
            if (paired[p]) {
                String path = x.create(dir, job, p, capacity);
                x.send(p, out -> out.writeUTF(path));
            }
        }
        for (int p = 0; p < rank; p++) {
            if (paired[p]) {
                String problem = x.open(p, x.receive(p, "segment").readUTF());
                x.send(p, out -> out.writeUTF(problem));
            }
        }
        for (int p = rank + 1; p < size; p++) {
            if (paired[p] && x.segments[p] != null) {
                String problem = x.receive(p, "answer").readUTF();
                x.segments[p].unlink();
                if (!problem.isEmpty()) {
                    System.getLogger("dev.concord.runtime").log(System.Logger.Level.WARNING, "rank " + rank
                            + ": rank " + p + " could not map shared memory (" + problem + "); using TCP");
                    x.segments[p] = null;
                }
            }
        }
        return x;
    }

    private String create(Path dir, String job, int peer, int capacity) {
        try {
            segments[peer] = ShmSegment.create(dir, job, rank, peer, capacity);
            return segments[peer].path().toString();
        } catch (IOException | RuntimeException e) {
            System.getLogger("dev.concord.runtime").log(System.Logger.Level.WARNING, "rank " + rank
                    + ": cannot create shared memory for rank " + peer + " in " + dir + " (" + e + "); using TCP");
            return "";
        }
    }

    /** Maps the segment at {@code path}; "" if that worked, else why not. */
    private String open(int peer, String path) {
        if (path.isEmpty()) {
            return "rank " + peer + " did not create it";
        }
        try {
            segments[peer] = ShmSegment.open(Path.of(path));
            return "";
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private void send(int peer, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.write(new DataOutputStream(bytes));
        Handshake.writeFrame(new DataOutputStream(channels[peer].socket().getOutputStream()), bytes.toByteArray());
    }

    private DataInputStream receive(int peer, String what) throws IOException {
        SocketChannel ch = channels[peer];
        ch.socket().setSoTimeout(TcpTransport.millisLeft(deadline));
        try {
            byte[] body = Handshake.readFrame(new DataInputStream(ch.socket().getInputStream()), MAX_BODY);
            return new DataInputStream(new ByteArrayInputStream(body));
        } catch (SocketTimeoutException e) {
            throw new ConcordException("rank " + rank + " of " + size + ": rank " + peer + " sent no transport "
                    + what + " before the connect timeout (do all ranks run the same Concord version?)");
        } finally {
            ch.socket().setSoTimeout(0);
        }
    }

    /** Same string on two processes iff they share a kernel and a mount namespace (so a /dev/shm). */
    static String hostIdentity() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
            return boot + "/" + ns;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "unknown-" + ProcessHandle.current().pid(); // shares with no one
            }
        }
    }

    /** A short name for the job in segment file names, derived from (not revealing) its token. */
    static String jobName(byte[] token) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(
                    ("concord-shm:" + new String(token, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
            return String.format("%02x%02x%02x%02x", h[0], h[1], h[2], h[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
