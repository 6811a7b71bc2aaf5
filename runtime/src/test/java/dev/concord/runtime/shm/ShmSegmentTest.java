package dev.concord.runtime.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.ElementType;
import dev.concord.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The segment file and its rings, through two separate mappings as two processes would have. */
class ShmSegmentTest {
    private static final int CAPACITY = 4096;

    @TempDir
    Path dir;

    @Test
    void shouldCreateAnOwnerOnlyFileThatTheOtherSideMapsAndThatUnlinkRemoves() throws IOException {
        ShmSegment created = ShmSegment.create(dir, "job1", 2, 5, CAPACITY);
        assertTrue(created.path().getFileName().toString().startsWith("concord-job1-2-5-"), created.path().toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created.path())));
        ShmSegment opened = ShmSegment.open(created.path());
        created.unlink();
        assertFalse(Files.exists(created.path()));
        // the memory outlives the file: a frame written on one mapping is read on the other
        ShmRing out = created.ring(true);
        ShmRing in = opened.ring(true);
        out.put(0, new long[] {42, 43}, ElementType.LONG, 0, 2);
        out.publish(16);
        assertEquals(16, in.available());
        long[] got = new long[2];
        in.get(0, got, ElementType.LONG, 0, 2);
        assertArrayEquals(new long[] {42, 43}, got);
    }

    /** The sleep handshake: a publish into a sleeping consumer's ring asks for exactly one doorbell. */
    @Test
    void shouldAskForOneWakeUpPerSleepAndNeverLetTheConsumerSleepOnData() throws IOException {
        ShmSegment seg = ShmSegment.create(dir, "sleep", 0, 1, CAPACITY);
        ShmRing out = seg.ring(true);
        ShmRing in = ShmSegment.open(seg.path()).ring(true);
        seg.unlink();
        assertFalse(out.publish(0), "consumer awake: no doorbell");
        assertFalse(in.asleep(true), "nothing waiting: the consumer may sleep");
        out.put(0, new int[] {7, 8}, ElementType.INT, 0, 2);
        assertTrue(out.publish(8), "consumer asleep: ring its doorbell");
        assertTrue(in.asleep(true), "data waiting: the consumer must not sleep");
        out.put(8, new int[] {9, 10}, ElementType.INT, 0, 2);
        assertTrue(out.publish(8), "it announced a new sleep");
        assertFalse(out.publish(0), "one doorbell per sleep");
        in.asleep(false);
        assertFalse(out.publish(0));
        assertEquals(16, in.available());
    }

    @Test
    void shouldRejectAFileThatIsNotASegmentNamingIt() throws IOException {
        Path bogus = dir.resolve("bogus");
        Files.write(bogus, new byte[8192]);
        IOException e = assertThrows(IOException.class, () -> ShmSegment.open(bogus));
        assertTrue(e.getMessage().contains(bogus.toString()) && e.getMessage().contains("not a Concord"), e.getMessage());
    }

    @Test
    void shouldPickTheDirectoryFromTheEnvironmentAndNameABadOne() {
        assertEquals(dir, ShmSegment.directory(Map.of("CONCORD_SHM_DIR", dir.toString())));
        Exception e = assertThrows(RuntimeException.class,
                () -> ShmSegment.directory(Map.of("CONCORD_SHM_DIR", dir.resolve("missing").toString())));
        assertTrue(e.getMessage().contains("CONCORD_SHM_DIR=" + dir.resolve("missing")), e.getMessage());
    }

    @Test
    void shouldSizeRingsToHoldAWholeEagerFrame() {
        assertEquals(2 << 20, ShmSegment.ringCapacity(RuntimeOptions.defaults()));
        RuntimeOptions small = RuntimeOptions.defaults().withLimits(1000, 1 << 20, 1 << 30);
        assertEquals(256 << 10, ShmSegment.ringCapacity(small));
    }

    /**
     * Frames of random sizes (types, odd element counts) through a small ring, many times round:
     * every copy that crosses the end of the ring splits and joins correctly, the room and
     * availability counters agree, and nothing is lost or reordered.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldCarryFramesAcrossTheEndOfTheRing(long seed) throws IOException {
        ShmSegment seg = ShmSegment.create(dir, "wrap", 0, 1, CAPACITY);
        ShmRing out = seg.ring(false);
        ShmRing in = ShmSegment.open(seg.path()).ring(false);
        seg.unlink();
        Random rnd = new Random(seed);
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer back = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        long written = 0;
        for (int frame = 0; frame < 2000; frame++) {
            ElementType type = ElementType.values()[rnd.nextInt(ElementType.values().length)];
            int n = rnd.nextInt(300);
            Object src = values(type, n, frame);
            int bytes = 24 + (n * type.size() + 7 & ~7);
            assertTrue(out.room() >= bytes, "ring should be empty between frames");
            header.putLong(0, frame).putLong(8, n).putLong(16, type.id());
            out.putHeader(header);
            out.put(24, src, type, 0, n);
            out.publish(bytes);
            written += bytes;
            assertEquals(CAPACITY - bytes, out.room());
            assertEquals(bytes, in.available());
            in.getHeader(back);
            assertEquals(frame, back.getLong(0));
            assertEquals(n, back.getLong(8));
            Object dst = values(type, n, -1);
            in.get(24, dst, type, 0, n);
            assertTrue(java.util.Objects.deepEquals(src, dst), "frame " + frame + " " + type + " x" + n);
            in.consume(bytes);
            assertEquals(0, in.available());
        }
        assertTrue(written > 20L * CAPACITY, "the test went round the ring many times");
    }

    private static Object values(ElementType type, int n, int seed) {
        Object a;
        switch (type) {
            case DOUBLE: a = new double[n]; break;
            case FLOAT: a = new float[n]; break;
            case LONG: a = new long[n]; break;
            case INT: a = new int[n]; break;
            default: a = new byte[n];
        }
        for (int i = 0; i < n; i++) {
            long v = seed < 0 ? 0 : seed * 1000L + i;
            switch (type) {
                case DOUBLE: ((double[]) a)[i] = v + 0.5; break;
                case FLOAT: ((float[]) a)[i] = v + 0.5f; break;
                case LONG: ((long[]) a)[i] = v << 20; break;
                case INT: ((int[]) a)[i] = (int) v; break;
                default: ((byte[]) a)[i] = (byte) v;
            }
        }
        return a;
    }
}
