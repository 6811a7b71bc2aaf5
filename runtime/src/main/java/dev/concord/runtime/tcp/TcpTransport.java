package dev.concord.runtime.tcp;

import dev.concord.runtime.ConcordException;
import dev.concord.runtime.Link;
import dev.concord.runtime.MatchingCommunicator;
import dev.concord.runtime.MatchingEngine;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.jvm.InJvmLink;
import dev.concord.runtime.shm.ShmLink;
import dev.concord.runtime.shm.ShmPoller;
import dev.concord.runtime.shm.ShmSegment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Forms a TCP job: every rank opens a data listener; rank 0 runs the coordinator on the job's
 * coordinator address, collects every rank's data address and answers with the full table; then
 * each rank dials every lower rank. All connections are authenticated by {@link Handshake}.
 * Both listeners keep running (and rejecting strangers) until the communicator closes.
 */
public final class TcpTransport {
    static final int HANDSHAKE_MILLIS = 10_000;

    private TcpTransport() {
    }

    /** How TCP links move large array payloads: "native" or "staged (reason)"; see {@code NativeIo}. */
    public static String payloadPath() {
        return NativeIo.available() ? "native (socket <-> array, no staging copy)" : "staged in Java (" + NativeIo.WHY_NOT + ")";
    }

    /**
     * Connects rank {@code rank} of {@code size} through the coordinator at {@code coordinator}:
     * rank 0 runs it there, unless {@code externalCoordinator} (a launcher runs a {@link
     * CoordinatorService} and every rank registers with it). Fails with a message naming the
     * rank and the address when the job cannot form before the connect timeout.
     */
    public static MatchingCommunicator connect(int rank, int size, InetSocketAddress coordinator,
            boolean externalCoordinator, byte[] token, RuntimeOptions options) {
        return connect(rank, size, coordinator, externalCoordinator, token, options, null);
    }

    /**
     * As above; with {@code shmDir} non-null, peers on the same host that also want it are
     * reached through shared memory ({@link ShmLink}, segments created in {@code shmDir}) and the
     * others over TCP.
     */
    public static MatchingCommunicator connect(int rank, int size, InetSocketAddress coordinator,
            boolean externalCoordinator, byte[] token, RuntimeOptions options, Path shmDir) {
        String name = shmDir == null ? "tcp" : "shm";
        if (size == 1) {
            return new MatchingCommunicator(0, 1, name, options, new MatchingEngine(0, 1, options),
                    self -> peer -> InJvmLink.toSelf(self));
        }
        long deadline = System.nanoTime() + options.connectTimeoutNanos();
        Formation f = new Formation(rank, size, token);
        try {
            f.dataListener = new Listener(new InetSocketAddress(0), "rank " + rank, "peer", token, Handshake.PEER,
                    HANDSHAKE_MILLIS, f::acceptPeer);
            InetSocketAddress[] table;
            if (rank == 0 && !externalCoordinator) {
                f.coordinator = CoordinatorService.start(coordinator, size, token,
                        new InetSocketAddress(coordinator.getHostString(), f.dataListener.port()));
                table = f.coordinator.awaitTable(deadline);
            } else {
                table = register(rank, size, coordinator, token, f.dataListener.port(), deadline);
            }
            for (int peer = 0; peer < rank; peer++) {
                f.channels[peer] = dial(rank, size, peer, table[peer], token, deadline);
            }
            f.awaitAccepted(deadline);
            f.local = SegmentExchange.run(rank, size, f.channels, shmDir, SegmentExchange.jobName(token),
                    ShmSegment.ringCapacity(options), deadline);
        } catch (IOException | RuntimeException e) {
            f.closeAll();
            if (e instanceof ConcordException) {
                throw (ConcordException) e;
            }
            throw new ConcordException("rank " + rank + " of " + size + " could not join the job at coordinator "
                    + hostPort(coordinator) + ": " + e.getMessage(), e);
        }
        TcpLink[] tcpLinks = new TcpLink[size];
        ShmLink[] shmLinks = new ShmLink[size];
        ShmSegment[] segments = f.local.segments;
        MatchingCommunicator comm = new MatchingCommunicator(rank, size, linkNames(name, segments, rank), options,
                new MatchingEngine(rank, size, options), self -> peer -> {
                    if (peer == rank) {
                        return InJvmLink.toSelf(self);
                    }
                    if (segments[peer] != null) {
                        // the pair talks through memory now; its connection only rings doorbells
                        shmLinks[peer] = new ShmLink(self, peer, segments[peer], f.local.pids[peer], f.channels[peer]);
                        return shmLinks[peer];
                    }
                    tcpLinks[peer] = new TcpLink(self, peer, f.channels[peer]);
                    return (Link) tcpLinks[peer];
                });
        f.formed = true;
        comm.addResource(f.dataListener);
        if (f.coordinator != null) {
            comm.addResource(f.coordinator);
        }
        for (TcpLink l : tcpLinks) {
            if (l != null) {
                l.start();
            }
        }
        comm.addResource(new Watchdog(rank, tcpLinks, options.heartbeatIntervalNanos()));
        try {
            ShmPoller.start(comm, shmLinks);
        } catch (IOException e) {
            comm.abort("cannot start the shared-memory progress thread: " + e);
            throw new ConcordException("rank " + rank + ": cannot start the shared-memory progress thread: " + e, e);
        }
        return comm;
    }

    /** "tcp", "shm" (every peer through shared memory) or "shm+tcp" (some over TCP). */
    private static String linkNames(String wanted, ShmSegment[] segments, int rank) {
        int shm = 0;
        for (ShmSegment s : segments) {
            shm += s == null ? 0 : 1;
        }
        return wanted.equals("tcp") || shm == 0 ? "tcp" : shm == segments.length - 1 ? "shm" : "shm+tcp";
    }

    /** Registers with the coordinator and returns the data address of every rank. */
    private static InetSocketAddress[] register(int rank, int size, InetSocketAddress coordinator, byte[] token,
            int dataPort, long deadline) throws IOException {
        SocketChannel ch = connectWithRetry(coordinator, deadline, "the coordinator");
        try {
            String advertised = ((InetSocketAddress) ch.getLocalAddress()).getAddress().getHostAddress();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            d.writeInt(rank);
            d.writeInt(size);
            d.writeUTF(advertised);
            d.writeInt(dataPort);
            Handshake.client(ch, token, Handshake.RENDEZVOUS, bytes.toByteArray(), HANDSHAKE_MILLIS);
            ch.socket().setSoTimeout(millisLeft(deadline));
            DataInputStream in = new DataInputStream(ch.socket().getInputStream());
            DataInputStream reply;
            try {
                reply = new DataInputStream(new ByteArrayInputStream(Handshake.readFrame(in, Handshake.MAX_BODY)));
            } catch (SocketTimeoutException e) {
                throw new ConcordException("rank " + rank + " of " + size + ": not every rank registered with the "
                        + "coordinator at " + hostPort(coordinator) + " before the connect timeout");
            }
            if (reply.readByte() != 0) {
                throw new ConcordException("rank " + rank + ": the coordinator at " + hostPort(coordinator) + " refused it: "
                        + reply.readUTF());
            }
            reply.readUTF();
            InetSocketAddress[] table = new InetSocketAddress[size];
            for (int i = 0; i < size; i++) {
                String host = reply.readUTF();
                int port = reply.readInt();
                table[i] = new InetSocketAddress(host, port);
            }
            return table;
        } finally {
            ch.close();
        }
    }

    private static SocketChannel dial(int rank, int size, int peer, InetSocketAddress at, byte[] token,
            long deadline) throws IOException {
        SocketChannel ch = connectWithRetry(at, deadline, "rank " + peer);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            d.writeInt(rank);
            d.writeInt(peer);
            d.writeInt(size);
            Handshake.client(ch, token, Handshake.PEER, bytes.toByteArray(), HANDSHAKE_MILLIS);
            DataInputStream in = new DataInputStream(ch.socket().getInputStream());
            DataInputStream reply = new DataInputStream(new ByteArrayInputStream(Handshake.readFrame(in, 4096)));
            if (reply.readByte() != 0) {
                throw new ConcordException("rank " + rank + ": rank " + peer + " at " + at + " refused the connection: "
                        + reply.readUTF());
            }
            ch.socket().setSoTimeout(0);
            configure(ch);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** {@code host:port} as given (an unresolved address prints as {@code host/<unresolved>:port}). */
    static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    static SocketChannel connectWithRetry(InetSocketAddress at, long deadline, String what) throws IOException {
        IOException last = null;
        while (System.nanoTime() - deadline < 0) {
            SocketChannel ch = SocketChannel.open();
            try {
                InetSocketAddress resolved = at.isUnresolved() ? new InetSocketAddress(at.getHostString(), at.getPort())
                        : at;
                ch.socket().connect(resolved, Math.max(1, Math.min(millisLeft(deadline), 5000)));
                return ch;
            } catch (IOException e) {
                last = e;
                ch.close();
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        throw new ConcordException("could not connect to " + what + " at " + hostPort(at) + " before the connect timeout"
                + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
    }

    static void configure(SocketChannel ch) throws IOException {
        ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(java.net.StandardSocketOptions.SO_KEEPALIVE, true);
    }

    static int millisLeft(long deadline) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }

    /** Connections being formed; the data listener's handler fills in higher ranks. */
    private static final class Formation {
        final int rank;
        final int size;
        final byte[] token;
        final SocketChannel[] channels;
        Listener dataListener;
        CoordinatorService coordinator;
        SegmentExchange local;
        volatile boolean formed;

        Formation(int rank, int size, byte[] token) {
            this.rank = rank;
            this.size = size;
            this.token = token;
            this.channels = new SocketChannel[size];
        }

        String acceptPeer(SocketChannel ch, DataInputStream body, SocketAddress from) throws IOException {
            int peer = body.readInt();
            int target = body.readInt();
            int peerSize = body.readInt();
            if (target != rank || peerSize != size) {
                return "this is rank " + rank + " of " + size + ", not rank " + target + " of " + peerSize;
            }
            if (peer <= rank || peer >= size) {
                return "rank " + peer + " may not dial rank " + rank + " (higher ranks dial lower ones)";
            }
            synchronized (this) {
                if (formed || channels[peer] != null) {
                    return "rank " + peer + " is already connected";
                }
                Listener.reply(ch, null);
                ch.socket().setSoTimeout(0);
                configure(ch);
                channels[peer] = ch;
                notifyAll();
            }
            return null;
        }

        synchronized void awaitAccepted(long deadline) {
            for (int peer = rank + 1; peer < size; peer++) {
                while (channels[peer] == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new ConcordException("rank " + rank + " of " + size + ": rank " + peer
                                + " did not connect before the connect timeout");
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ConcordException("rank " + rank + " interrupted while forming the job");
                    }
                }
            }
        }

        void closeAll() {
            if (dataListener != null) {
                dataListener.close();
            }
            if (coordinator != null) {
                coordinator.close();
            }
            for (SocketChannel ch : channels) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                }
            }
        }
    }
}
