package dev.concord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileErrorsTest {
    @TempDir
    Path dir;

    @Test
    void shouldGiveAReasonInWordsRatherThanTheExceptionsPath() {
        Path m = Path.of("m.npz");
        assertEquals("cannot read m.npz: no such file or directory",
                FileErrors.cannotRead(m, new NoSuchFileException("m.npz")).getMessage());
        assertEquals("cannot write m.npz: permission denied",
                FileErrors.cannotWrite(m, new AccessDeniedException("m.npz1234.tmp")).getMessage());
        assertEquals("read-only file system",
                FileErrors.reason(new FileSystemException("m.npz1234.tmp", null, "Read-only file system")));
        assertEquals("permission denied", FileErrors.reason(new FileNotFoundException("m.npz (Permission denied)")));
        assertEquals("No space left on device", FileErrors.reason(new IOException("No space left on device")));
    }

    @Test
    void shouldCreateParentsAndCallAFileInThePathNotADirectory() throws IOException {
        Path nested = dir.resolve("a").resolve("b").resolve("m.npz");
        FileErrors.createParent(nested);
        assertTrue(Files.isDirectory(nested.getParent()));
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path under = plain.resolve("m.npz");
        IOException e = assertThrows(NotDirectoryException.class, () -> FileErrors.createParent(under));
        assertEquals("cannot write " + under + ": not a directory", FileErrors.cannotWrite(under, e).getMessage());
        // a directory to create that is a file: the same words (checkpoint directories)
        IOException asDir = assertThrows(NotDirectoryException.class, () -> FileErrors.createDirectories(plain));
        assertEquals("not a directory", FileErrors.reason(asDir));
    }

    @Test
    void shouldDeleteATempFileQuietly() throws IOException {
        Path tmp = Files.writeString(dir.resolve("m.npz.tmp"), "x");
        FileErrors.deleteQuietly(tmp);
        assertTrue(Files.notExists(tmp));
        FileErrors.deleteQuietly(tmp); // gone already: no error
        FileErrors.deleteQuietly(null); // no temp file was made
    }
}
