package dev.concord.runtime.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Optional native socket I/O ({@code src/main/c/concord_net.c}, built when gcc is present and
 * packed into the jar): sends and receives message payloads straight between the socket and a
 * primitive array, saving the copy through a direct staging buffer that NIO needs for heap
 * arrays — on both sides that is half the memory traffic of a large message. Used on
 * little-endian Linux (the wire order) when the library loads; {@code CONCORD_NATIVE_IO=0}
 * turns it off. Otherwise {@link TcpLink} stages every payload as before.
 */
final class NativeIo {
    /** Returned by read/write when the non-blocking socket would block. */
    static final long WOULD_BLOCK = -1;
    /** The library, or null with {@link #WHY_NOT} saying why not. */
    private static final boolean AVAILABLE;
    static final String WHY_NOT;

    static {
        String why = load();
        AVAILABLE = why == null;
        WHY_NOT = why;
    }

    private NativeIo() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static String load() {
        if ("0".equals(System.getenv("CONCORD_NATIVE_IO"))) {
            return "turned off by CONCORD_NATIVE_IO=0";
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return "no native library for " + os + "/" + arch;
        }
        String resource = "/native/linux-" + arch + "/libconcordnet.so";
        try (InputStream in = NativeIo.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "this build has no " + resource + " (built without gcc)";
            }
            Path tmp = Files.createTempFile("libconcordnet", ".so");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                System.load(tmp.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(tmp); // the mapping stays valid once loaded
            }
            return null;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return "cannot load " + resource + ": " + e;
        }
    }

    /** The file descriptor of {@code channel}, or -1 if it cannot be had. */
    static int fd(SocketChannel channel) {
        return AVAILABLE ? fd0(channel) : -1;
    }

    /**
     * One non-blocking send of {@code length} bytes of primitive array {@code array} from byte
     * {@code offset}: bytes sent, or {@link #WOULD_BLOCK}.
     */
    static long write(int fd, Object array, long offset, long length) throws IOException {
        return check(write0(fd, array, offset, length), "write");
    }

    /** One non-blocking receive into the array: bytes received, {@link #WOULD_BLOCK}, or 0 at end of stream. */
    static long read(int fd, Object array, long offset, long length) throws IOException {
        return check(read0(fd, array, offset, length), "read");
    }

    private static long check(long n, String what) throws IOException {
        if (n < WOULD_BLOCK) {
            long errno = -n - 1000;
            String reason = errno == 104 ? "connection reset by peer" : errno == 32 ? "broken pipe"
                    : errno == 9 ? "socket closed" : "errno " + errno;
            throw new IOException("socket " + what + " failed: " + reason);
        }
        return n;
    }

    private static native int fd0(SocketChannel channel);

    private static native long write0(int fd, Object array, long offset, long length);

    private static native long read0(int fd, Object array, long offset, long length);
}
