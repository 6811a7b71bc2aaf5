package dev.concord.runtime.shm;

import dev.concord.runtime.ConcordException;
import dev.concord.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory-mapped file shared by one pair of ranks: a 128-byte header, then the ring from the
 * lower rank to the higher, then the ring back.
 *
 * <pre>
 *   0         8          12                                  128
 *   +---------+----------+-----------------------------------+----------------+----------------+
 *   | "CNCDSHM1" | capacity | (unused)                       | ring low->high | ring high->low |
 *   +---------+----------+-----------------------------------+----------------+----------------+
 * </pre>
 *
 * The lower rank creates the file (owner-only permissions, a fresh name per job and pair), the
 * higher rank maps it, and then the lower rank deletes it: from then on the memory lives only in
 * the two mappings, so nothing is left behind however either process ends. A file created but
 * not yet deleted is deleted by a shutdown hook should the process exit in that window.
 */
public final class ShmSegment {
    private static final long MAGIC = 0x314d48534443_4e43L; // "CNCDSHM1" little-endian
    private static final int HEADER = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Path> UNDELETED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : UNDELETED) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // exiting anyway
                }
            }
        }, "concord-shm-cleanup"));
    }

    private final Path path;
    private final MappedByteBuffer map;
    private final int capacity;

    private ShmSegment(Path path, MappedByteBuffer map, int capacity) {
        this.path = path;
        this.map = map;
        this.capacity = capacity;
    }

    /**
     * Where segments go: {@code CONCORD_SHM_DIR} if set, else {@code /dev/shm} when it is a
     * writable directory, else {@code java.io.tmpdir}.
     */
    public static Path directory(Map<String, String> env) {
        String dir = env.get("CONCORD_SHM_DIR");
        if (dir != null && !dir.isBlank()) {
            Path p = Path.of(dir.trim());
            if (!Files.isDirectory(p) || !Files.isWritable(p)) {
                throw new ConcordException("CONCORD_SHM_DIR=" + dir + " is not a writable directory");
            }
            return p;
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Ring capacity for {@code options}: the smallest power of two that holds a whole eager frame, at least 256 KiB. */
    public static int ringCapacity(RuntimeOptions options) {
        long need = Math.max(256 * 1024, options.eagerLimitBytes() + 64L);
        return (int) Long.highestOneBit(need * 2 - 1);
    }

    /** Creates the segment of pair ({@code low}, {@code high}) in job {@code job} under {@code dir}. */
    public static ShmSegment create(Path dir, String job, int low, int high, int capacity) throws IOException {
        long size = HEADER + 2 * ShmRing.footprint(capacity);
        for (int attempt = 0; ; attempt++) {
            Path path = dir.resolve("concord-" + job + "-" + low + "-" + high + "-"
                    + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt < 3) {
                    continue;
                }
                throw e;
            } catch (UnsupportedOperationException e) {
                throw new IOException(dir + " does not support owner-only (POSIX) permissions", e);
            }
            UNDELETED.add(path);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
                map.order(ByteOrder.LITTLE_ENDIAN);
                map.putInt(8, capacity);
                map.putLong(0, MAGIC);
                return new ShmSegment(path, map, capacity);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(path);
                UNDELETED.remove(path);
                throw e;
            }
        }
    }

    /** Maps the segment another rank created at {@code path}; checks its header and size. */
    public static ShmSegment open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size < HEADER) {
                throw new IOException(path + " is too small for a shared-memory segment (" + size + " B)");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            map.order(ByteOrder.LITTLE_ENDIAN);
            int capacity = map.getInt(8);
            if (map.getLong(0) != MAGIC || Integer.bitCount(capacity) != 1
                    || size != HEADER + 2 * ShmRing.footprint(capacity)) {
                throw new IOException(path + " is not a Concord shared-memory segment (bad header or size " + size + ")");
            }
            return new ShmSegment(path, map, capacity);
        }
    }

    /** Deletes the file (both ranks have it mapped); the memory stays until both unmap it. */
    public void unlink() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // the shutdown hook tries again
            return;
        }
        UNDELETED.remove(path);
    }

    public Path path() {
        return path;
    }

    /** The ring {@code from} rank sends on, in a pair where {@code fromIsLow} says whether it is the lower rank. */
    ShmRing ring(boolean fromIsLow) {
        int base = HEADER + (fromIsLow ? 0 : (int) ShmRing.footprint(capacity));
        return new ShmRing(map, base, capacity);
    }
}
