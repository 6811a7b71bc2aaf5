package dev.concord.runtime.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.RuntimeOptions;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Strangers attack the coordinator and the ranks' peer listeners of a running 3-rank TCP job:
 * each is rejected and logged, and the job completes with correct results.
 */
class TcpSecurityIT {
    private static final byte[] TOKEN = "the-real-job-token".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldRejectStrangersWhileTheJobCompletes() throws Exception {
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        Logger log = Logger.getLogger("dev.concord.runtime.tcp");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        int n = 3;
        CoordinatorService coordinator = CoordinatorService.start(new InetSocketAddress("127.0.0.1", 0), n, TOKEN, null);
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", coordinator.port());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] sums = new long[n];
        Thread[] ranks = new Thread[n];
        for (int r = 0; r < n; r++) {
            int rank = r;
            ranks[r] = new Thread(() -> {
                try (Communicator comm = TcpTransport.connect(rank, n, at, true, TOKEN, RuntimeOptions.defaults())) {
                    long[] out = new long[1000];
                    long[] in = new long[1000];
                    for (int k = 0; k < 300; k++) {
                        java.util.Arrays.fill(out, rank * 1000L + k);
                        comm.sendrecv((rank + 1) % n, 1, out, 0, 1000, (rank + n - 1) % n, 1, in, 0, 1000);
                        sums[rank] += in[999];
                        Thread.sleep(10);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            ranks[r].start();
        }
        InetSocketAddress[] table = null;
        for (int i = 0; i < 200 && table == null; i++) {
            Thread.sleep(20);
            table = coordinator.addresses();
        }
        assertNotNull(table, "job did not form");
        InetSocketAddress peerPort = table[0];

        // 1. wrong token, at the coordinator and at a rank
        assertRejected(wrongToken(at, Handshake.RENDEZVOUS));
        assertRejected(wrongToken(peerPort, Handshake.PEER));
        // 2. garbage
        assertRejected(garbage(at));
        assertRejected(garbage(peerPort));
        // 3. correct token, then an oversized frame header
        assertRejected(oversized(at, Handshake.RENDEZVOUS));
        assertRejected(oversized(peerPort, Handshake.PEER));
        // 4. correct token, impersonating an already connected rank: refused with a reason
        try (java.nio.channels.SocketChannel ch = open(peerPort)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(body);
            d.writeInt(1);
            d.writeInt(0);
            d.writeInt(n);
            Handshake.client(ch, TOKEN, Handshake.PEER, body.toByteArray(), 5000);
            DataInputStream reply = new DataInputStream(new java.io.ByteArrayInputStream(
                    Handshake.readFrame(new DataInputStream(ch.socket().getInputStream()), 4096)));
            assertEquals(1, reply.readByte());
            assertContains(reply.readUTF(), "already connected");
        }

        for (Thread t : ranks) {
            t.join(60_000);
        }
        coordinator.close();
        log.removeHandler(capture);
        if (failure.get() != null) {
            throw new AssertionError("the job failed under attack", failure.get());
        }
        for (int r = 0; r < n; r++) {
            int left = (r + n - 1) % n;
            assertEquals(300L * left * 1000 + 299L * 300 / 2, sums[r], "rank " + r);
        }
        String all = String.join("\n", logged);
        assertContains(all, "wrong job token");
        assertContains(all, "bad magic");
        assertContains(all, "oversized frame");
    }

    private static java.nio.channels.SocketChannel open(InetSocketAddress at) throws IOException {
        return java.nio.channels.SocketChannel.open(at);
    }

    private static void assertContains(String all, String what) {
        assertTrue(all.contains(what), "no log line mentions '" + what + "':\n" + all);
    }

    /** True if the server closed the connection on us. */
    private static void assertRejected(boolean closed) {
        assertTrue(closed, "the server did not close the connection");
    }

    private static boolean wrongToken(InetSocketAddress at, int purpose) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(at);
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.writeInt(Handshake.MAGIC);
            out.writeShort(Handshake.VERSION);
            out.writeByte(purpose);
            out.writeByte(0);
            out.write(new byte[32]);
            in.readInt();
            in.readFully(new byte[64]);
            out.write(new byte[32]); // a proof made without the token
            try {
                out.writeInt(4);
                out.writeInt(0);
                out.flush();
            } catch (java.net.SocketException e) {
                return true; // the server checked the proof and closed before the rest arrived (broken pipe, reset)
            }
            return drainsToEof(s);
        }
    }

    private static boolean garbage(InetSocketAddress at) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(at);
            s.setSoTimeout(10_000);
            byte[] junk = new byte[4096];
            new Random(7).nextBytes(junk);
            s.getOutputStream().write(junk);
            s.getOutputStream().flush();
            return drainsToEof(s);
        }
    }

    private static boolean oversized(InetSocketAddress at, int purpose) throws IOException {
        java.nio.channels.SocketChannel ch = open(at);
        try (Socket s = ch.socket()) {
            // a correct handshake whose body frame announces 2 GiB
            DataOutputStream out = Handshake.authenticate(ch, TOKEN, purpose, 10_000);
            out.writeInt(Integer.MAX_VALUE);
            out.flush();
            return drainsToEof(s);
        }
    }

    private static boolean drainsToEof(Socket s) throws IOException {
        try {
            byte[] buf = new byte[256];
            while (true) {
                if (s.getInputStream().read(buf) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketException e) {
            return true; // reset: closed on us too
        }
    }
}
