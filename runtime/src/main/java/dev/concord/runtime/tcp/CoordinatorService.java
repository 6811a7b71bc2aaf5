package dev.concord.runtime.tcp;

import dev.concord.runtime.ConcordException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The rendezvous service of a TCP job: collects every rank's data address and, once all have
 * registered, answers each with the full table. Run by rank 0, or by a launcher (then every rank
 * registers). Keeps listening, and rejecting, until closed.
 */
public final class CoordinatorService implements AutoCloseable {
    private final int size;
    private final InetSocketAddress[] table;
    private final SocketChannel[] waiting;
    private final Listener listener;
    private int registered;
    private boolean formed;
    /** Why the job can never form (a rank ended before registering), or null. */
    private String refusal;

    private CoordinatorService(InetSocketAddress at, int size, byte[] token, InetSocketAddress rank0) {
        this.size = size;
        this.table = new InetSocketAddress[size];
        this.waiting = new SocketChannel[size];
        if (rank0 != null) {
            table[0] = rank0;
            registered = 1;
        }
        InetSocketAddress bind = isLocal(at) ? new InetSocketAddress(at.getPort()) : at;
        try {
            this.listener = new Listener(bind, rank0 == null ? "launcher" : "rank 0", "coordinator", token, Handshake.RENDEZVOUS,
                    TcpTransport.HANDSHAKE_MILLIS, this::register);
        } catch (IOException e) {
            throw new ConcordException((rank0 == null ? "the launcher" : "rank 0")
                    + " could not listen on the coordinator address " + at + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a coordinator for {@code size} ranks on {@code at} (port 0: any free port, see
     * {@link #port()}). {@code rank0} is rank 0's own data address when rank 0 runs it, or
     * null when every rank registers.
     */
    public static CoordinatorService start(InetSocketAddress at, int size, byte[] token, InetSocketAddress rank0) {
        return new CoordinatorService(at, size, token, rank0);
    }

    /** Every rank's data address once the job has formed, else null. */
    public synchronized InetSocketAddress[] addresses() {
        return formed ? table.clone() : null;
    }

    /** The port it listens on. */
    public int port() {
        return listener.port();
    }

    private static boolean isLocal(InetSocketAddress at) {
        try {
            InetAddress a = at.isUnresolved() ? InetAddress.getByName(at.getHostString()) : at.getAddress();
            return a.isAnyLocalAddress() || a.isLoopbackAddress()
                    || java.net.NetworkInterface.getByInetAddress(a) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized String register(SocketChannel ch, DataInputStream body, SocketAddress from)
            throws IOException {
        int rank = body.readInt();
        int theirSize = body.readInt();
        String host = body.readUTF();
        int port = body.readInt();
        if (formed) {
            return "the job has already formed";
        }
        if (refusal != null) {
            try (ch) {
                Listener.reply(ch, refusal); // not a suspicious peer: the rank reports why, the launcher need not warn
            }
            return null;
        }
        if (theirSize != size) {
            return "rank " + rank + " believes the job has " + theirSize + " ranks; the coordinator has " + size;
        }
        if (rank < 0 || rank >= size) {
            return "rank " + rank + " is outside [0, " + size + ")";
        }
        if (table[rank] != null) {
            return "rank " + rank + " has already registered (from " + table[rank] + ")";
        }
        table[rank] = new InetSocketAddress(host, port);
        waiting[rank] = ch;
        registered++;
        if (registered == size) {
            formed = true;
            answerAll();
            notifyAll();
        }
        return null;
    }

    private void answerAll() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            d.writeByte(0);
            d.writeUTF("");
            for (InetSocketAddress a : table) {
                d.writeUTF(a.getHostString());
                d.writeInt(a.getPort());
            }
            byte[] reply = bytes.toByteArray();
            for (int r = 0; r < size; r++) {
                if (waiting[r] == null) {
                    continue;
                }
                try (SocketChannel ch = waiting[r]) {
                    Handshake.writeFrame(new DataOutputStream(ch.socket().getOutputStream()), reply);
                } catch (IOException e) {
                    // that rank will time out and say so
                }
                waiting[r] = null;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ranks that have not registered yet, ascending (none once the job has formed). */
    public synchronized List<Integer> unregistered() {
        List<Integer> missing = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            if (table[r] == null) {
                missing.add(r);
            }
        }
        return missing;
    }

    /**
     * The process of {@code rank} has ended (the launcher saw it exit). If it never registered,
     * the job can never form: every rank waiting for the table, and any that registers later, is
     * refused with {@code why} now instead of waiting for the connect timeout. No effect once the
     * job has formed, or when that rank had registered.
     */
    public synchronized void rankEnded(int rank, String why) {
        if (formed || table[rank] != null || refusal != null) {
            return;
        }
        refusal = why;
        for (int r = 0; r < size; r++) {
            if (waiting[r] == null) {
                continue;
            }
            try (SocketChannel ch = waiting[r]) {
                Listener.reply(ch, why);
            } catch (IOException e) {
                // that rank will time out and say so
            }
            waiting[r] = null;
        }
    }

    /** Waits until every rank has registered; returns the table (rank 0's view). */
    public synchronized InetSocketAddress[] awaitTable(long deadline) {
        while (!formed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String missing = unregistered().toString();
                throw new ConcordException("coordinator on port " + listener.port() + ": ranks "
                        + missing.substring(1, missing.length() - 1) + " of " + size
                        + " did not register before the connect timeout");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConcordException("interrupted while forming the job");
            }
        }
        return table.clone();
    }

    @Override
    public void close() {
        listener.close();
    }
}
