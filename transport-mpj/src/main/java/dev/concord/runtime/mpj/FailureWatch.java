package dev.concord.runtime.mpj;

import dev.concord.runtime.ConcordException;
import dev.concord.runtime.bootstrap.RankIdentity;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.IntConsumer;

/**
 * A rank's end of the failure side channel to the launcher's {@link PortExchangeServer}: the
 * launcher names the first rank whose process ended without saying goodbye, and this calls
 * {@code onFailure} with it. MPJ itself never reports a dead peer.
 */
final class FailureWatch implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private volatile boolean done;

    FailureWatch(String server, int rank, int connectTimeoutMillis, IntConsumer onFailure) {
        InetSocketAddress at = RankIdentity.parseAddress(MpjConf.SERVER_VARIABLE, server);
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(at.getHostString(), at.getPort()), connectTimeoutMillis);
            socket.setTcpNoDelay(true);
            out = new DataOutputStream(socket.getOutputStream());
            out.writeUTF(PortExchangeServer.WATCH_HELLO);
            out.writeInt(rank);
            out.flush();
        } catch (IOException e) {
            throw new ConcordException("rank " + rank + " could not reach the launcher's MPJ service at " + server
                    + ": " + e.getMessage(), e);
        }
        Thread t = new Thread(() -> listen(onFailure), "concord-mpj-watch");
        t.setDaemon(true);
        t.start();
    }

    private void listen(IntConsumer onFailure) {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (!done) {
                onFailure.accept(in.readInt());
            }
        } catch (IOException e) {
            // closed here, or the launcher is gone (Concord.init's launcher watch ends the rank then)
        }
    }

    /** Leaves normally: the launcher will not report this rank as failed. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            out.writeInt(PortExchangeServer.GOODBYE);
            out.flush();
        } catch (IOException e) {
            // the launcher is gone; nobody to tell
        }
        abort();
    }

    /** Leaves without a goodbye: the launcher tells every other rank that this one failed. */
    void abort() {
        done = true;
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
