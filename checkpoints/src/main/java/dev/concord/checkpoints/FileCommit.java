package dev.concord.checkpoints;

import dev.concord.runtime.FileErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** Durable, atomic file writes through {@link CommitFiles} (temp file, fsync, rename, directory fsync); checksums. */
final class FileCommit {
    private FileCommit() {
    }

    /**
     * Writes {@code bytes} to {@code target} atomically and durably through {@code files}; returns
     * their CRC32C. On failure the temp file is removed (on a full disk it would hold the space a
     * retry needs) and the exception says {@code cannot write TARGET: reason}.
     */
    static long write(CommitFiles files, Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            files.writeTemp(tmp, bytes);
            files.publish(tmp, target);
        } catch (IOException e) {
            FileErrors.deleteQuietly(tmp);
            throw new IOException("cannot write " + target + ": " + FileErrors.reason(e), e);
        }
        return crc(bytes, 0, bytes.length);
    }

    static long crc(byte[] bytes, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(bytes, off, len);
        return c.getValue();
    }

    /** CRC32C and size of a file, streamed. */
    static long[] crcOf(Path file) throws IOException {
        CRC32C c = new CRC32C();
        long size = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(b) >= 0) {
                b.flip();
                size += b.remaining();
                c.update(b);
                b.clear();
            }
        }
        return new long[] {size, c.getValue()};
    }

    /** fsync of a directory, so a rename in it survives a crash (a no-op where the OS refuses). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open directories; the rename is still atomic
        }
    }
}
