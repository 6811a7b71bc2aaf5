package dev.concord.checkpoints.npy;

import dev.concord.runtime.FileErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Collects named arrays and writes them as a NumPy {@code .npz}: a zip archive with one STORED
 * (uncompressed) entry {@code <name>.npy} per array, in the order added, every entry stamped
 * 1980-01-01 00:00 (local DOS time, independent of the time zone) so that the same arrays always
 * give the same bytes.
 */
public final class NpzWriter {
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final Map<String, NpyArray> arrays = new LinkedHashMap<>();

    /** Adds {@code array} as {@code name}; names must be unique and not end with {@code .npy}. */
    public NpzWriter add(String name, NpyArray array) {
        if (name.isEmpty() || name.endsWith(".npy") || name.contains("/")) {
            throw new IllegalArgumentException("bad npz entry name '" + name + "'");
        }
        if (arrays.putIfAbsent(name, array) != null) {
            throw new IllegalArgumentException("npz entry '" + name + "' added twice");
        }
        return this;
    }

    /** Writes the archive to {@code out} (not closed). */
    public void write(OutputStream out) {
        try {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                byte[] bytes = NpyWriter.toBytes(e.getValue());
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
                entry.setTimeLocal(EPOCH);
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write npz: " + e.getMessage(), e);
        }
    }

    /** Writes the archive to {@code file} atomically (temp file in the same directory, then rename). */
    public void write(Path file) {
        Path tmp = null;
        try {
            tmp = tempFileFor(file);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            FileErrors.deleteQuietly(tmp); // a full disk must not leave half a model next to the target
            throw FileErrors.cannotWrite(file, e);
        }
    }

    /**
     * Fails as {@link #write(Path)} would if it could not create its temp file or replace {@code
     * file}: creates the directories, then creates and deletes a temp file next to {@code file}. So a
     * long job can find out before it starts that it could not save its result.
     */
    public static void checkWritable(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new FileSystemException(file.toString(), null, "is a directory");
            }
            Files.delete(tempFileFor(file));
        } catch (IOException e) {
            throw FileErrors.cannotWrite(file, e);
        }
    }

    /**
     * A new, empty temp file next to {@code file}, made with {@link Files#createFile} rather than
     * {@code createTempFile} (which makes it owner-only): the model file gets the permissions the
     * user's umask gives any new file, as {@code numpy.savez} does.
     */
    private static Path tempFileFor(Path file) throws IOException {
        FileErrors.createParent(file);
        Path dir = file.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(file.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
}
