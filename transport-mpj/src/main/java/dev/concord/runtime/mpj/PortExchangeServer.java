package dev.concord.runtime.mpj;

import dev.concord.runtime.ConcordException;
import dev.concord.runtime.bootstrap.TransportPlugin;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The launcher's stand-in for MPJ's {@code mpjrun}, one per job attempt, on an ephemeral port (so
 * several jobs share a host). Two kinds of connection, told apart by the first {@code writeUTF}:
 *
 * <pre>
 * "Sending Info" | writePort i32 | readPort i32 | rank i32      (MPJ niodev, inside MPI.Init)
 *     &lt;- once all N have sent theirs, each gets writeUTF of
 *        "#Peer Information;IP@readPort@writePort@rank@0;..."   (rank order, IP as seen here)
 * "Concord Watch" | rank i32                                   (MpjCommunicator's side channel)
 *     then the rank sends i32 -1 when it closes normally ("goodbye");
 *     the server sends i32 r to every other watcher when rank r's channel ends without a goodbye
 * </pre>
 *
 * A rank's process dying closes its channel, so survivors learn which rank failed at once,
 * instead of blocking in MPJ forever. Not authenticated (nor is MPJ's own traffic).
 */
final class PortExchangeServer implements TransportPlugin.JobService {
    static final String INFO_HELLO = "Sending Info";
    static final String WATCH_HELLO = "Concord Watch";
    static final int GOODBYE = -1;
    private static final int HELLO_TIMEOUT_MILLIS = 10_000;

    private final int np;
    private final String advertisedHost;
    private final ServerSocket server;
    private final String[] peers;
    private final Socket[] infoSockets;
    private final Socket[] watchers;
    private final List<Socket> all = new ArrayList<>();
    private int infos;
    private int failedRank = -1;
    private volatile boolean closed;

    PortExchangeServer(int np, String bindHost, String advertisedHost) {
        this.np = np;
        this.advertisedHost = advertisedHost;
        this.peers = new String[np];
        this.infoSockets = new Socket[np];
        this.watchers = new Socket[np];
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(bindHost), 0), 4 * np);
        } catch (IOException e) {
            throw new ConcordException("the launcher could not listen for MPJ's port exchange on " + bindHost
                    + ": " + e.getMessage(), e);
        }
        Thread t = new Thread(this::acceptLoop, "concord-mpj-exchange");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public Map<String, String> rankEnv(int rank) {
        return Map.of(MpjConf.CONF_VARIABLE, MpjConf.conf(np, advertisedHost, port()),
                MpjConf.SERVER_VARIABLE, advertisedHost + ":" + port(),
                MpjConf.HOME_VARIABLE, MpjConf.home());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            synchronized (this) {
                all.add(s);
            }
            Thread t = new Thread(() -> serve(s), "concord-mpj-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        int rank = -1;
        boolean watch = false;
        try {
            s.setSoTimeout(HELLO_TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(s.getInputStream());
            String hello = in.readUTF();
            if (hello.startsWith(INFO_HELLO)) {
                int writePort = in.readInt();
                int readPort = in.readInt();
                rank = checkRank(in.readInt(), s);
                registerPorts(rank, s, s.getInetAddress().getHostAddress() + "@" + readPort + "@" + writePort
                        + "@" + rank + "@0");
            } else if (hello.equals(WATCH_HELLO)) {
                rank = checkRank(in.readInt(), s);
                watch = true;
                s.setSoTimeout(0);
                watch(rank, s, in);
            } else {
                warn("rejected a connection from " + s.getRemoteSocketAddress() + ": unknown hello '" + hello + "'");
                s.close();
            }
        } catch (IOException e) {
            if (!closed && !watch) {
                warn("connection from " + s.getRemoteSocketAddress() + (rank >= 0 ? " (rank " + rank + ")" : "")
                        + " failed during MPJ's port exchange: " + e);
            }
        }
    }

    private int checkRank(int rank, Socket s) throws IOException {
        if (rank < 0 || rank >= np) {
            throw new IOException("rank " + rank + " from " + s.getRemoteSocketAddress() + " is outside [0, " + np + ")");
        }
        return rank;
    }

    private synchronized void registerPorts(int rank, Socket s, String entry) throws IOException {
        if (peers[rank] != null) {
            s.close();
            throw new IOException("rank " + rank + " registered its ports twice");
        }
        peers[rank] = entry;
        infoSockets[rank] = s;
        if (++infos < np) {
            return;
        }
        StringBuilder table = new StringBuilder("#Peer Information");
        for (String p : peers) {
            table.append(';').append(p);
        }
        for (int r = 0; r < np; r++) {
            try (Socket peer = infoSockets[r]) {
                DataOutputStream out = new DataOutputStream(peer.getOutputStream());
                out.writeUTF(table.toString());
                out.flush();
            } catch (IOException e) {
                warn("could not send the peer table to rank " + r + ": " + e);
            }
        }
    }

    /** Reads until goodbye or the end of the channel; the latter means the rank failed. */
    private void watch(int rank, Socket s, DataInputStream in) {
        int failed;
        synchronized (this) {
            watchers[rank] = s;
            failed = failedRank;
        }
        if (failed >= 0) {
            tell(s, failed); // it failed before this rank started watching
        }
        boolean goodbye = false;
        try {
            goodbye = in.readInt() == GOODBYE;
        } catch (IOException e) {
            // EOF or reset: the process is gone
        }
        synchronized (this) {
            watchers[rank] = null;
            if (goodbye || closed || failedRank >= 0) {
                return;
            }
            failedRank = rank;
            for (Socket w : watchers) {
                if (w != null) {
                    tell(w, rank);
                }
            }
        }
    }

    private static void tell(Socket watcher, int failed) {
        try {
            DataOutputStream out = new DataOutputStream(watcher.getOutputStream());
            out.writeInt(failed);
            out.flush();
        } catch (IOException e) {
            // that rank is gone too; its own channel reports it
        }
    }

    private static void warn(String message) {
        System.err.println("concord: WARNING: " + message);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
        synchronized (this) {
            for (Socket s : all) {
                try {
                    s.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
    }
}
