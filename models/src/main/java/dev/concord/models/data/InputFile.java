package dev.concord.models.data;

import dev.concord.runtime.FileErrors;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.ZipException;

/**
 * Why a data file cannot be read, as {@code file: reason} in words a user knows ("no such file",
 * "is a directory", "permission denied", "not a complete gzip file"), never a bare path, a JDK
 * class name alone or "null": java.nio's exceptions carry only the path as message, and
 * {@code GZIPInputStream} throws an {@link EOFException} without message for a cut-off file.
 */
final class InputFile {
    private InputFile() {
    }

    /** Throws {@link DataFormatException} {@code file: reason} unless {@code path} is a readable regular file. */
    static void check(Path path) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw failure(path.toString(), e);
        }
        String problem = a.isDirectory() ? "is a directory"
                : !a.isRegularFile() ? "is not a regular file"
                : !Files.isReadable(path) ? "permission denied" : null;
        if (problem != null) {
            throw new DataFormatException(path + ": " + problem);
        }
    }

    /**
     * The exception to throw for {@code e} while reading {@code file}: a {@link DataFormatException}
     * when the file or its content is at fault (missing, unreadable, a broken gzip stream, not UTF-8),
     * else an {@link UncheckedIOException}; both say {@code file} and {@link #reason}.
     */
    static RuntimeException failure(String file, IOException e) {
        if (e instanceof FileSystemException || e instanceof EOFException || e instanceof ZipException
                || e instanceof CharacterCodingException) {
            return new DataFormatException(file + ": " + reason(e), e);
        }
        return new UncheckedIOException("cannot read " + file + ": " + reason(e), e);
    }

    /**
     * What went wrong, in words. The readers read plain files through channels, so an {@link
     * EOFException} or a {@link ZipException} always comes from a gzip stream.
     */
    static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof EOFException) {
            return "not a complete gzip file (unexpected end of the compressed data)";
        }
        if (e instanceof ZipException) {
            return "Not in GZIP format".equals(m) ? "not a gzip file (the name ends in .gz, but the data is not gzip)"
                    : "not a valid gzip file (corrupt compressed data" + (m == null ? ")" : ": " + m + ")");
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return FileErrors.reason(e);
    }
}
