package dev.concord.runtime;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code cannot read FILE: reason} and {@code cannot write FILE: reason} with a reason a person can
 * act on. The NIO exceptions for the common failures carry only a path as their message (often a
 * temp file's), so the reason is taken from the exception's type or the operating system's words.
 */
public final class FileErrors {
    private FileErrors() {
    }

    /** {@code cannot read FILE: reason}, with {@code e} as the cause. */
    public static UncheckedIOException cannotRead(Path file, IOException e) {
        return new UncheckedIOException("cannot read " + file + ": " + reason(e), e);
    }

    /** {@code cannot write FILE: reason}, with {@code e} as the cause. */
    public static UncheckedIOException cannotWrite(Path file, IOException e) {
        return new UncheckedIOException("cannot write " + file + ": " + reason(e), e);
    }

    /**
     * Why {@code e} happened, in words: "no such file or directory", "permission denied", "not a
     * directory", the system's reason (e.g. "read-only file system"), else the exception's message.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof FileSystemException) { // its message is the path; the reason, if any, the system's
            String r = ((FileSystemException) e).getReason();
            return r == null || r.isBlank() ? e.getClass().getSimpleName() : words(r);
        }
        if (e instanceof FileNotFoundException && message.endsWith(")") && message.contains(" (")) {
            // java.io's "PATH (No such file or directory)"
            return words(message.substring(message.lastIndexOf(" (") + 2, message.length() - 1));
        }
        return message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    /** The system's "Read-only file system" as "read-only file system", to follow "cannot write X: ". */
    private static String words(String systemReason) {
        return systemReason.isEmpty() ? systemReason
                : systemReason.substring(0, 1).toLowerCase(Locale.ROOT) + systemReason.substring(1);
    }

    /** Creates the directories {@code file} will be written in, as {@link #createDirectories} does. */
    public static void createParent(Path file) throws IOException {
        createDirectories(file.toAbsolutePath().getParent());
    }

    /**
     * {@link Files#createDirectories}, except that a path component that exists but is not a
     * directory fails as {@link NotDirectoryException} ("not a directory", as opening a file under
     * it would), not as {@link FileAlreadyExistsException}.
     */
    public static void createDirectories(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new NotDirectoryException(e.getFile());
        }
    }

    /**
     * Deletes {@code file} if it exists, ignoring a failure to: for the temp file of a write that
     * failed, whose own error is the one to report (on a full disk the temp file would hold the
     * space a retry needs).
     */
    public static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the caller reports the write's own failure
        }
    }
}
