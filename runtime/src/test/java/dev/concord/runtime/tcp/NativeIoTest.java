package dev.concord.runtime.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The native payload path over a real loopback connection. */
class NativeIoTest {
    private static final String LIBRARY = "/native/linux-" + System.getProperty("os.arch") + "/libconcordnet.so";

    @Test
    void shouldLoadWheneverTheBuildPackedTheLibrary() {
        assumeTrue(NativeIo.class.getResource(LIBRARY) != null, "built without gcc: " + NativeIo.WHY_NOT);
        assumeTrue(!"0".equals(System.getenv("CONCORD_NATIVE_IO")), "turned off in this run");
        assertTrue(NativeIo.available(), NativeIo.WHY_NOT);
    }

    @Test
    void shouldMoveArrayBytesInWireOrderAndReportEndOfStream() throws IOException {
        assumeTrue(NativeIo.available(), NativeIo.WHY_NOT);
        try (ServerSocketChannel server = listen()) {
            SocketChannel a = SocketChannel.open(server.getLocalAddress());
            SocketChannel b = server.accept();
            a.configureBlocking(false);
            b.configureBlocking(false);
            int fa = NativeIo.fd(a);
            int fb = NativeIo.fd(b);
            assertTrue(fa >= 0 && fb >= 0);
            Random rnd = new Random(3);
            double[] sent = new double[300_001];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = rnd.nextGaussian();
            }
            // elements [5, 5 + n) go out; they arrive at [9, 9 + n)
            int n = 250_000;
            double[] got = new double[sent.length + 10];
            long bytes = 8L * n;
            long wrote = 0;
            long read = 0;
            while (read < bytes) {
                if (wrote < bytes) {
                    long w = NativeIo.write(fa, sent, 8L * 5 + wrote, bytes - wrote);
                    wrote += Math.max(0, w);
                }
                long r = NativeIo.read(fb, got, 8L * 9 + read, bytes - read);
                read += Math.max(0, r);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(sent[5 + i]), Double.doubleToRawLongBits(got[9 + i]), "element " + i);
            }
            assertEquals(0, got[8]);
            assertEquals(0, got[9 + n]);
            // the bytes on the wire are little-endian, as TypedBuffer writes them
            NativeIo.write(fa, new long[] {0x0102030405060708L}, 0, 8);
            ByteBuffer eight = ByteBuffer.allocate(8);
            while (eight.hasRemaining()) {
                b.read(eight);
            }
            assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, eight.array());
            assertEquals(NativeIo.WOULD_BLOCK, NativeIo.read(fb, new int[4], 0, 16));
            a.close();
            long end;
            do {
                end = NativeIo.read(fb, new int[4], 0, 16);
            } while (end == NativeIo.WOULD_BLOCK);
            assertEquals(0, end, "end of stream");
            b.close();
        }
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder());
    }

    @Test
    void shouldNameTheErrorOfAFailedWrite() throws IOException {
        assumeTrue(NativeIo.available(), NativeIo.WHY_NOT);
        try (ServerSocketChannel server = listen()) {
            SocketChannel a = SocketChannel.open(server.getLocalAddress());
            SocketChannel b = server.accept();
            a.configureBlocking(false);
            int fa = NativeIo.fd(a);
            b.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            b.close(); // reset
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    NativeIo.write(fa, new byte[1 << 16], 0, 1 << 16);
                }
            });
            assertTrue(e.getMessage().startsWith("socket write failed: "), e.getMessage());
            a.close();
        }
    }

    private static ServerSocketChannel listen() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }
}
