package dev.concord.checkpoints.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzRoundTripTest {

    private static NpzWriter sample() {
        return new NpzWriter()
                .add("w", NpyArray.of(new double[] {1.5, -2.0, Math.PI, 0.0, Double.MIN_VALUE, 1e300}, 2, 3))
                .add("counts", NpyArray.vector(new long[] {Long.MAX_VALUE, -1, 0}))
                .add("idx", NpyArray.vector(new int[] {7, -8}))
                .add("config", NpyArray.vector("{\"k\":3}".getBytes(StandardCharsets.UTF_8)))
                .add("scalar", NpyArray.of(new double[] {42.0}));
    }

    private static byte[] bytes(NpzWriter w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        return out.toByteArray();
    }

    @Test
    void shouldReadBackEveryDtypeAndShape() throws Exception {
        Map<String, NpyArray> back = NpzReader.read(new ByteArrayInputStream(bytes(sample())), "mem");
        assertEquals(List.of("w", "counts", "idx", "config", "scalar"), List.copyOf(back.keySet()));
        assertArrayEquals(new long[] {2, 3}, back.get("w").shape());
        assertArrayEquals(new double[] {1.5, -2.0, Math.PI, 0.0, Double.MIN_VALUE, 1e300}, back.get("w").doubles());
        assertArrayEquals(new long[] {Long.MAX_VALUE, -1, 0}, back.get("counts").longs());
        assertArrayEquals(new int[] {7, -8}, back.get("idx").ints());
        assertEquals("{\"k\":3}", new String(back.get("config").bytes(), StandardCharsets.UTF_8));
        assertArrayEquals(new long[] {}, back.get("scalar").shape());
    }

    @Test
    void shouldWriteHeadersAlignedTo64Bytes() {
        byte[] npy = NpyWriter.toBytes(NpyArray.vector(new double[] {1, 2, 3}));
        int headerLen = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64);
        String header = new String(npy, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"), header);
        assertEquals('\n', header.charAt(header.length() - 1));
        assertEquals(10 + headerLen + 24, npy.length);
    }

    @Test
    void shouldWriteIdenticalBytesEveryTime() throws Exception {
        byte[] first = bytes(sample());
        Thread.sleep(1100);
        assertArrayEquals(first, bytes(sample()));
    }

    @Test
    void shouldRejectShapeThatDoesNotMatchTheData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.of(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("6 elements but the array has 5"), e.getMessage());
    }

    @Test
    void shouldRejectTruncatedData() {
        byte[] npy = NpyWriter.toBytes(NpyArray.vector(new int[] {1, 2, 3}));
        byte[] cut = java.util.Arrays.copyOf(npy, npy.length - 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpzReader.parseNpy(cut, "x.npy"));
        assertTrue(e.getMessage().contains("x.npy") && e.getMessage().contains("needs 12 data bytes, found 10"),
                e.getMessage());
    }

    /** Optional: numpy reads our file, when python3 with numpy is installed. */
    @Test
    void shouldCheckBeforeWritingThatTheFileCanBeWrittenLeavingNothing(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("new").resolve("m.npz");
        NpzWriter.checkWritable(target);
        try (var files = Files.list(target.getParent())) {
            assertEquals(0, files.count(), "the directory is created, the probe removed");
        }
        Files.createDirectories(target);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> NpzWriter.checkWritable(target));
        assertEquals("cannot write " + target + ": is a directory", e.getMessage());
        Path file = Files.writeString(dir.resolve("plain"), "x").resolve("m.npz");
        e = assertThrows(UncheckedIOException.class, () -> NpzWriter.checkWritable(file));
        assertEquals("cannot write " + file + ": not a directory", e.getMessage());
        e = assertThrows(UncheckedIOException.class, () -> sample().write(file));
        assertEquals("cannot write " + file + ": not a directory", e.getMessage(), "write says the same");
        e = assertThrows(UncheckedIOException.class, () -> NpzReader.read(dir.resolve("none.npz")));
        assertEquals("cannot read " + dir.resolve("none.npz") + ": no such file or directory", e.getMessage());
    }

    @Test
    void shouldGiveTheFileThePermissionsOfAnyNewFileNotOwnerOnly(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path model = dir.resolve("m.npz");
        new NpzWriter().add("x", NpyArray.vector(new double[] {1, 2})).write(model);
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(model));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temp file left");
        }
    }

    @Test
    void shouldBeReadableByNumpyWhenAvailable(@TempDir Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            return;
        }
        Path file = dir.resolve("m.npz");
        sample().write(file);
        Process p = new ProcessBuilder(python.toString(), "-c",
                "import sys\ntry:\n import numpy as np\nexcept ImportError:\n print('skip'); sys.exit(0)\n"
                        + "z=np.load(sys.argv[1]); print(z['w'].shape, z['w'][1,2], z['counts'][0], z['idx'][1],"
                        + " bytes(z['config']).decode(), z['scalar'].shape)", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        if (!out.equals("skip")) {
            assertEquals("(2, 3) 1e+300 9223372036854775807 -8 {\"k\":3} ()", out);
        }
    }
}
