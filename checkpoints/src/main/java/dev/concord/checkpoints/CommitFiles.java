package dev.concord.checkpoints;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The two file operations of the commit protocol: write a temp file durably, then publish it under
 * its final name (atomic rename, directory fsync). {@link #DURABLE} does them; {@link
 * HaltAtCommitPoint} wraps it to crash a rank at a named point, for process-level tests.
 */
interface CommitFiles {
    /** Writes {@code bytes} to {@code tmp} (created or truncated) and fsyncs it. */
    void writeTemp(Path tmp, byte[] bytes) throws IOException;

    /** Renames {@code tmp} to {@code target} atomically and fsyncs the directory. */
    void publish(Path tmp, Path target) throws IOException;

    CommitFiles DURABLE = new CommitFiles() {
        @Override
        public void writeTemp(Path tmp, byte[] bytes) throws IOException {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                // 1 MiB slices: a heap buffer is copied into a temporary direct buffer of its size per write
                for (int off = 0; off < bytes.length; off += 1 << 20) {
                    ByteBuffer b = ByteBuffer.wrap(bytes, off, Math.min(1 << 20, bytes.length - off));
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                ch.force(true);
            }
        }

        @Override
        public void publish(Path tmp, Path target) throws IOException {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileCommit.syncDirectory(target.getParent());
        }
    };
}
