package dev.concord.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.concord.collectives.Collectives;
import dev.concord.runtime.testkit.LocalCluster;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileTest {
    @TempDir
    Path dir;

    private static final DataOptions LIBSVM = DataOptions.of(DataFormat.LIBSVM);

    /** The message every rank of an {@code np}-rank read of {@code p} fails with. */
    private static String failure(int np, Path p, DataOptions o) {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> LocalCluster.of(np).run(comm -> DataReader.read(p, o, Collectives.of(comm))));
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        assertTrue(cause instanceof DataFormatException, String.valueOf(cause));
        return cause.getMessage();
    }

    private static String bagOfWordsFailure(Path docword, Path vocab) {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> LocalCluster.of(1).run(comm -> BagOfWordsReader.read(docword, vocab, Collectives.of(comm))));
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        assertTrue(cause instanceof DataFormatException, String.valueOf(cause));
        return cause.getMessage();
    }

    private Path gzip(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content.getBytes(StandardCharsets.US_ASCII));
        }
        return p;
    }

    private static String lines(int n, String line) {
        return line.repeat(n);
    }

    @Test
    void shouldCallAGzipFileCutInItsHeaderIncomplete() throws IOException {
        Path whole = gzip("whole.libsvm.gz", lines(200, "1 1:0.5 2:0.25\n"));
        Path cut = Files.write(dir.resolve("trunc.libsvm.gz"), Arrays.copyOf(Files.readAllBytes(whole), 5));
        for (int np : new int[] {1, 2}) {
            String m = failure(np, cut, LIBSVM);
            assertEquals(cut + ": not a complete gzip file (unexpected end of the compressed data)", m);
        }
    }

    @Test
    void shouldCallAGzipFileCutInItsDataIncomplete() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append(i % 2).append(" 1:").append(i * 0.37).append(" 7:").append(i).append('\n');
        }
        byte[] whole = Files.readAllBytes(gzip("w.libsvm.gz", sb.toString()));
        Path cut = Files.write(dir.resolve("half.libsvm.gz"), Arrays.copyOf(whole, whole.length / 2));
        assertEquals(cut + ": not a complete gzip file (unexpected end of the compressed data)",
                failure(1, cut, LIBSVM));
    }

    @Test
    void shouldSayAPlainFileNamedGzIsNotGzip() throws IOException {
        Path p = Files.writeString(dir.resolve("plain.libsvm.gz"), "1 1:2\n0 1:3\n");
        assertEquals(p + ": not a gzip file (the name ends in .gz, but the data is not gzip)", failure(1, p, LIBSVM));
    }

    @Test
    void shouldSayADirectoryIsADirectory() throws IOException {
        Path d = Files.createDirectory(dir.resolve("data.libsvm"));
        for (int np : new int[] {1, 2}) {
            assertEquals(d + ": is a directory", failure(np, d, LIBSVM));
        }
        assertEquals(d + ": is a directory", bagOfWordsFailure(d, null));
    }

    @Test
    void shouldSayAMissingFileIsMissing() {
        Path p = dir.resolve("nope.libsvm");
        assertEquals(p + ": no such file or directory", failure(1, p, LIBSVM));
    }

    @Test
    void shouldSayAnUnreadableFileIsNotPermitted() throws IOException {
        Path p = Files.writeString(dir.resolve("locked.libsvm"), "1 1:2\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(p), "root reads every file");
        assertEquals(p + ": permission denied", failure(1, p, LIBSVM));
    }

    @Test
    void shouldNameTheBagOfWordsFileThatIsCutOrADirectory() throws IOException {
        Path whole = gzip("w.docword.txt.gz", "2\n3\n3\n1 1 2\n1 3 1\n2 2 1\n");
        Path cut = Files.write(dir.resolve("cut.docword.txt.gz"), Arrays.copyOf(Files.readAllBytes(whole), 5));
        assertEquals(cut + ": not a complete gzip file (unexpected end of the compressed data)",
                bagOfWordsFailure(cut, null));
        Path vocab = Files.createDirectory(dir.resolve("vocab.txt"));
        assertEquals(vocab + ": is a directory", bagOfWordsFailure(whole, vocab));
    }

    @Test
    void shouldMapExceptionsWithoutAUsefulMessageToReasons() {
        assertEquals("no such file or directory", InputFile.reason(new NoSuchFileException("/d/x.csv")));
        assertEquals("permission denied", InputFile.reason(new AccessDeniedException("/d/x.csv")));
        assertEquals("is a directory", InputFile.reason(new FileSystemException("/d/x", null, "Is a directory")));
        assertEquals("FileSystemException", InputFile.reason(new FileSystemException("/d/x.csv")));
        assertEquals("not a complete gzip file (unexpected end of the compressed data)",
                InputFile.reason(new EOFException()));
        assertEquals("not a valid gzip file (corrupt compressed data)", InputFile.reason(new ZipException()));
        assertEquals("not a valid gzip file (corrupt compressed data: invalid block type)",
                InputFile.reason(new ZipException("invalid block type")));
        assertEquals("not UTF-8 text", InputFile.reason(new MalformedInputException(1)));
        assertEquals("IOException", InputFile.reason(new IOException()));
        assertEquals("disk on fire", InputFile.reason(new IOException("disk on fire")));
        RuntimeException r = InputFile.failure("x.csv", new IOException());
        assertEquals("cannot read x.csv: IOException", r.getMessage());
        assertFalse(InputFile.failure("x.gz", new EOFException()).getMessage().contains("null"));
    }
}
