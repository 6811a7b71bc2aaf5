package dev.concord.runtime.tcp;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening socket whose accept thread authenticates every connection (in a thread of its
 * own, with a timeout) and hands the body of each authenticated one to a {@link Handler}. A
 * connection that fails the handshake or that the handler refuses is closed and logged; the
 * listener carries on, for as long as the job runs.
 */
final class Listener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.concord.runtime.tcp");

    /** Decides what to do with an authenticated connection. */
    interface Handler {
        /**
         * Returns null to accept (the handler now owns the channel), or the reason to refuse;
         * the listener then tells the client and closes the channel.
         */
        String accept(SocketChannel ch, DataInputStream body, SocketAddress from) throws IOException;
    }

    private final ServerSocketChannel server;
    private final String owner;
    private final String what;
    private final byte[] token;
    private final int purpose;
    private final int handshakeMillis;
    private final Handler handler;
    private volatile boolean closed;

    Listener(InetSocketAddress bind, String owner, String what, byte[] token, int purpose, int handshakeMillis,
            Handler handler) throws IOException {
        this.server = ServerSocketChannel.open();
        server.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(bind, 128);
        this.owner = owner;
        this.what = what;
        this.token = token;
        this.purpose = purpose;
        this.handshakeMillis = handshakeMillis;
        this.handler = handler;
        Thread t = new Thread(this::acceptLoop, "concord-" + owner.replace(' ', '-') + "-" + what + "-listener");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.socket().getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, owner + ": " + what + " listener failed: " + e);
                }
                return;
            }
            Thread t = new Thread(() -> handle(ch), "concord-" + owner.replace(' ', '-') + "-" + what + "-handshake");
            t.setDaemon(true);
            t.start();
        }
    }

    private void handle(SocketChannel ch) {
        SocketAddress from = null;
        try {
            from = ch.getRemoteAddress();
            byte[] body = Handshake.server(ch, token, purpose, handshakeMillis);
            String refusal = handler.accept(ch, new DataInputStream(new ByteArrayInputStream(body)), from);
            if (refusal == null) {
                return;
            }
            reply(ch, refusal);
            reject(ch, from, refusal);
        } catch (IOException | RuntimeException e) {
            reject(ch, from, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Sends status 0 (accepted) or 1 and a reason. */
    static void reply(SocketChannel ch, String refusal) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeByte(refusal == null ? 0 : 1);
        d.writeUTF(refusal == null ? "" : refusal);
        Handshake.writeFrame(new DataOutputStream(ch.socket().getOutputStream()), bytes.toByteArray());
    }

    private void reject(SocketChannel ch, SocketAddress from, String reason) {
        if (!closed) {
            LOG.log(System.Logger.Level.WARNING, owner + ": rejected " + what + " connection from "
                    + from + ": " + reason);
        }
        try {
            ch.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
