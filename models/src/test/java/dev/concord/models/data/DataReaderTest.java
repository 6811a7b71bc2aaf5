package dev.concord.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.runtime.testkit.LocalCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.ISO_8859_1);
        return p;
    }

    private static Shard readOne(Path p, DataOptions o) {
        return LocalCluster.of(1).call(comm -> DataReader.read(p, o, Collectives.of(comm))).get(0);
    }

    private static String failure(Path p, DataOptions o) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> {
            try {
                readOne(p, o);
            } catch (RuntimeException ex) {
                throw ex.getCause() instanceof DataFormatException ? (DataFormatException) ex.getCause() : ex;
            }
        });
        return e.getMessage();
    }

    /** Each of {@code np} ranks' DataFormatException message reading {@code p}, or "no failure". */
    private static List<String> failureOnEveryRank(int np, Path p, DataOptions o) {
        return failureOnEveryRank(np, coll -> DataReader.read(p, o, coll));
    }

    /** Each of {@code np} ranks' DataFormatException message from {@code read}, or "no failure". */
    static List<String> failureOnEveryRank(int np, java.util.function.Consumer<Collectives> read) {
        return LocalCluster.of(np).call(comm -> {
            try {
                read.accept(Collectives.of(comm));
                return "no failure";
            } catch (DataFormatException e) {
                return e.getMessage();
            }
        });
    }

    private static void assertMessage(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + message + "' should contain '" + part + "'");
        }
    }

    private static final DataOptions LIBSVM = DataOptions.of(DataFormat.LIBSVM);
    private static final DataOptions CSV = DataOptions.of(DataFormat.CSV);

    @Test
    void shouldReadLibSvmIntoCsrWithScaledValues() throws IOException {
        Path p = file("a.libsvm", "1 1:2 3:4 # comment\n\n0 2:0.5\n2 qid:7 4:1\n");
        Shard s = readOne(p, LIBSVM.withScale(0.5));
        CsrMatrix x = (CsrMatrix) s.features();
        assertEquals(3, s.rows());
        assertEquals(4, x.cols());
        assertArrayEquals(new int[] {0, 2, 3, 4}, x.rowPtr());
        assertArrayEquals(new int[] {0, 2, 1, 3}, x.indices());
        assertArrayEquals(new double[] {1, 2, 0.25, 0.5}, x.values());
        assertEquals(3, s.numClasses());
        assertEquals(2, s.label(2));
    }

    @Test
    void shouldMapPlusMinusOneLabelsToZeroOne() throws IOException {
        Shard s = readOne(file("pm.libsvm", "-1 1:1\n+1 1:2\n"), LIBSVM);
        assertEquals(0, s.label(0));
        assertEquals(1, s.label(1));
        assertEquals(2, s.numClasses());
    }

    @Test
    void shouldMapOneBasedClassLabelsToZeroBasedIds() throws IOException {
        Shard s = readOne(file("k.libsvm", "3 1:1\n1 1:2\n2 1:3\n3 1:4\n"), LIBSVM);
        assertEquals(3, s.numClasses(), "labels 1..3 are three classes, not four");
        assertArrayEquals(new int[] {2, 0, 1, 2}, new int[] {s.label(0), s.label(1), s.label(2), s.label(3)});
        assertEquals(LabelRule.ONE_BASED, s.labelRule());
        Shard binary = readOne(file("b.libsvm", "1 1:1\n2 1:2\n"), LIBSVM);
        assertEquals(2, binary.numClasses());
        assertEquals(1, binary.label(1));
        Shard zero = readOne(file("z.libsvm", "0 1:1\n2 1:2\n"), LIBSVM);
        assertEquals(3, zero.numClasses(), "with a 0 present, labels are class ids as written");
        assertEquals(LabelRule.ZERO_BASED, zero.labelRule());
    }

    @Test
    void shouldReadTestDataWithTheTrainingFilesLabelRule() throws IOException {
        // a test file holding only classes 2 and 3 of a 1..3 training file keeps their meaning
        Shard s = readOne(file("t.libsvm", "2 1:1\n3 1:2\n"), LIBSVM.withLabelRule(LabelRule.ONE_BASED, 0));
        assertEquals(1, s.label(0));
        assertEquals(2, s.label(1));
        assertMessage(failure(file("t0.libsvm", "1 1:1\n0 1:2\n"), LIBSVM.withLabelRule(LabelRule.ONE_BASED, 0)),
                "t0.libsvm:2:", "label '0' is not one of the training data's labels (class ids 1..K)");
        assertMessage(failure(file("tp.libsvm", "-1 1:1\n0 1:2\n"), LIBSVM.withLabelRule(LabelRule.PLUS_MINUS_ONE, 0)),
                "tp.libsvm:2:", "label '0' is not one of the training data's labels (-1 and +1)");
    }

    @ParameterizedTest(name = "np={0}")
    @ValueSource(ints = {1, 2})
    void shouldRejectTestLabelOutsideTheTrainingClassesNamingItsFileLine(int np) throws IOException {
        StringBuilder sb = new StringBuilder("# held out\n");
        for (int line = 2; line <= 12; line++) {
            sb.append(line == 7 ? 5 : line % 2).append(" 1:").append(line).append('\n');
        }
        Path p = file("lab5.libsvm", sb.toString());
        DataOptions binary = LIBSVM.withLabelRule(LabelRule.ZERO_BASED, 2);
        for (String m : failureOnEveryRank(np, p, binary)) {
            assertMessage(m, "lab5.libsvm:7: label '5' is not one of the training data's classes (0, 1)");
        }
    }

    @Test
    void shouldListTheTrainingClassesByTheTrainingFilesLabels() throws IOException {
        assertMessage(failure(file("k.libsvm", "1 1:1\n4 1:2\n"), LIBSVM.withLabelRule(LabelRule.ONE_BASED, 3)),
                "k.libsvm:2: label '4' is not one of the training data's classes (1..3)");
        assertMessage(failure(file("k0.libsvm", "0 1:1\n"), LIBSVM.withLabelRule(LabelRule.ONE_BASED, 3)),
                "k0.libsvm:1: label '0' is not one of the training data's classes (1..3)");
        assertMessage(failure(file("pm.libsvm", "-1 1:1\n2 1:2\n"), LIBSVM.withLabelRule(LabelRule.PLUS_MINUS_ONE, 2)),
                "pm.libsvm:2: label '2' is not one of the training data's classes (-1, +1)");
        Shard fewer = readOne(file("f.libsvm", "1 1:1\n1 1:2\n"), LIBSVM.withLabelRule(LabelRule.ZERO_BASED, 10));
        assertEquals(1, fewer.label(1), "a test file may hold fewer classes than the training file");
    }

    @Test
    void shouldRejectMinusOneMixedWithOtherLabelsNamingTheLine() throws IOException {
        assertMessage(failure(file("mix.libsvm", "-1 1:1\n1 1:2\n3 1:3\n"), LIBSVM), "mix.libsvm:3:",
                "label is neither -1 nor +1, but the file uses -1 labels");
    }

    @Test
    void shouldDetectCsvHeaderAndReadDenseRows() throws IOException {
        Shard s = readOne(file("h.csv", "a,b\n1,2\n3,4\n"), CSV);
        assertEquals(2, s.rows());
        assertArrayEquals(new double[] {1, 2, 3, 4}, ((DenseMatrix) s.features()).data());
        Shard noHeader = readOne(file("n.csv", "1,2\n3,4\n"), CSV);
        assertEquals(2, noHeader.rows());
    }

    @Test
    void shouldReadLabelledCsvWithLabelFirst() throws IOException {
        Shard s = readOne(file("l.csv", "y,a,b\n0,1,2\n2,3,4\n"), CSV.withLabels(true));
        assertEquals(2, s.features().cols());
        assertEquals(3, s.numClasses());
        assertEquals(2, s.label(1));
        assertArrayEquals(new double[] {1, 2, 3, 4}, ((DenseMatrix) s.features()).data());
    }

    @Test
    void shouldReadGzipLikePlain() throws IOException {
        Path gz = dir.resolve("g.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("1,2\n3,4\n5,6\n".getBytes(StandardCharsets.US_ASCII));
        }
        List<long[]> got = LocalCluster.of(2).call(comm -> {
            Shard s = DataReader.read(gz, CSV, Collectives.of(comm));
            return new long[] {s.firstRow(), s.rows(), s.totalRows()};
        });
        assertArrayEquals(new long[] {0, 1, 3}, got.get(0));
        assertArrayEquals(new long[] {1, 2, 3}, got.get(1));
    }

    @ParameterizedTest(name = "np={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void shouldGiveEveryLineExactlyOnceWithGlobalIndices(int np) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 23; i++) {
            sb.append(i % 3).append(' ').append(1 + i % 5).append(':').append(i).append('\n');
        }
        Path p = file("n.libsvm", sb.toString());
        List<long[]> parts = LocalCluster.of(np).call(comm -> {
            Shard s = DataReader.read(p, LIBSVM, Collectives.of(comm));
            long[] out = new long[2 + s.rows()];
            out[0] = s.firstRow();
            out[1] = s.totalRows();
            CsrMatrix x = (CsrMatrix) s.features();
            for (int i = 0; i < s.rows(); i++) {
                out[2 + i] = (long) x.values()[x.rowPtr()[i]];
            }
            return out;
        });
        List<Long> seen = new ArrayList<>();
        for (long[] part : parts) {
            assertEquals(seen.size(), part[0], "first global row");
            assertEquals(23, part[1]);
            for (int i = 2; i < part.length; i++) {
                seen.add(part[i]);
            }
        }
        for (int i = 0; i < 23; i++) {
            assertEquals(i, seen.get(i).longValue());
        }
    }

    @Test
    void shouldLetRanksWithoutDataTakePart() throws IOException {
        Path p = file("two.csv", "1,2\n3,4\n");
        List<long[]> got = LocalCluster.of(4).call(comm -> {
            Shard s = DataReader.read(p, CSV, Collectives.of(comm));
            return new long[] {s.rows(), s.features().cols(), s.totalRows()};
        });
        long rows = 0;
        for (long[] g : got) {
            rows += g[0];
            assertEquals(2, g[1]);
            assertEquals(2, g[2]);
        }
        assertEquals(2, rows);
    }

    @Test
    void shouldNameFileAndLineForBadNumber() throws IOException {
        assertMessage(failure(file("b.libsvm", "1 1:2\n0 2:x3\n"), LIBSVM), "b.libsvm:2:", "bad number 'x3'");
    }

    @Test
    void shouldRejectIndexZero() throws IOException {
        assertMessage(failure(file("z.libsvm", "1 0:2\n"), LIBSVM), "z.libsvm:1:", "feature index 0 must be >= 1");
    }

    @Test
    void shouldRejectIndicesThatDoNotIncrease() throws IOException {
        assertMessage(failure(file("d.libsvm", "1 1:1\n1 1:1\n0 3:2 2:1\n"), LIBSVM), "d.libsvm:3:",
                "feature index 2 is not greater than the previous index 3");
    }

    @Test
    void shouldRejectFeatureBeyondLimit() throws IOException {
        assertMessage(failure(file("f.libsvm", "1 1:1 31:2\n"), LIBSVM.withFeatures(30)), "f.libsvm:1:",
                "feature index 31 is beyond --features 30");
        assertMessage(failure(file("g.libsvm", "1 1:1 31:2\n"), LIBSVM.withModelFeatures(30)), "g.libsvm:1:",
                "feature index 31 is beyond the model's 30 features");
        DataOptions fourColumns = DataOptions.of(DataFormat.CSV).withModelFeatures(4);
        assertMessage(failure(file("two.csv", "1,2\n3,4\n"), fourColumns), "two.csv:1:",
                "has 2 feature columns, fewer than the model's 4 features");
        assertMessage(failure(file("five.csv", "1,2,3,4,5\n"), fourColumns), "five.csv:1:",
                "column 5 is beyond the model's 4 features");
        assertMessage(failure(file("three.csv", "1,2,3\n"), CSV.withFeatures(4)), "three.csv:1:",
                "has 3 feature columns, fewer than --features 4");
    }

    @Test
    void shouldRejectWrongColumnCount() throws IOException {
        assertMessage(failure(file("c.csv", "1,2\n3,4\n5,6,7\n"), CSV), "c.csv:3:", "has 3 feature columns",
                "line 1 has 2");
    }

    @Test
    void shouldRejectWrongColumnCountAcrossRanks() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append(i < 30 ? "1,2\n" : "1,2,3\n");
        }
        Path p = file("r.csv", sb.toString());
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> LocalCluster.of(4).run(comm -> DataReader.read(p, CSV, Collectives.of(comm))));
        assertMessage(e.getMessage() + e.getCause(), "r.csv:31:", "has 3 feature columns");
    }

    @Test
    void shouldReportBadLineOfAnotherRankOnEveryRank() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            sb.append(i == 38 ? "1 1:oops\n" : "1 1:1\n");
        }
        Path p = file("late.libsvm", sb.toString());
        for (String m : failureOnEveryRank(4, p, LIBSVM)) {
            assertMessage(m, "late.libsvm:38:", "bad number 'oops'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void shouldRejectNonFiniteValues(String bad) throws IOException {
        assertMessage(failure(file("n.csv", "1,2\n3," + bad + "\n"), CSV), "n.csv:2:", "column 2 is " + bad);
        assertMessage(failure(file("n.libsvm", "1 4:" + bad + "\n"), LIBSVM), "n.libsvm:1:",
                "feature 4 value is " + bad);
    }

    @Test
    void shouldRejectEmptyFile() throws IOException {
        assertMessage(failure(file("e.csv", ""), CSV), "e.csv", "empty file");
        assertMessage(failure(file("e2.libsvm", "\n# only a comment\n"), LIBSVM), "e2.libsvm", "empty file");
    }

    @Test
    void shouldNotTakeALibSvmFirstLineForACsvHeader() throws IOException {
        Path p = file("wide.libsvm", "1 1:1.8298206 2:-0.35363241 3:1.6859547 4:1.9087083 5:-0.82696245\n"
                + "0 1:0.5 2:0.25 3:1 4:2 5:3\n");
        String m = failure(p, CSV);
        assertMessage(m, "wide.libsvm:1: bad number '1 1:1.8298206 2:-0.35363241 3:1.6859547...' for column 1",
                "; is this a LibSVM file? train with --format libsvm");
        assertFalse(m.contains("4:1.9087083"), "quotes only a prefix: " + m);
        assertMessage(failure(p, CSV.withLabels(true)), "wide.libsvm:1: bad number '1 1:1.8298206", "for label",
                "is this a LibSVM file?");
        assertEquals(2, readOne(file("h.csv", "a b,c\n1,2\n"), CSV).features().cols(), "a text header is still one");
    }

    @Test
    void shouldQuoteAtMostAShortPrefixOfBadInput() throws IOException {
        String longToken = "x".repeat(500);
        String m = failure(file("long.csv", "1,2\n3," + longToken + "\n"), CSV);
        assertEquals(dir.resolve("long.csv") + ":2: bad number '" + "x".repeat(40) + "...' for column 2", m);
        assertMessage(failure(file("short.csv", "1,2\n3,abc\n"), CSV), "short.csv:2: bad number 'abc' for column 2");
        assertFalse(failure(file("short.csv", "1,2\n3,abc\n"), CSV).contains("LibSVM"), "no hint for a plain typo");
        String label = failure(file("lab.libsvm", "1.5" + "0".repeat(100) + " 1:1\n"), LIBSVM);
        assertMessage(label, "lab.libsvm:1: label '1.5" + "0".repeat(37) + "...' is not a class id");
    }

    @Test
    void shouldHintCsvWhenLibSvmReadsCommas() throws IOException {
        Path p = file("iris.libsvm", "5.1,3.5,1.4,0.2\n4.9,3.0,1.4,0.2\n");
        assertMessage(failure(p, LIBSVM), "iris.libsvm:1: bad number '5.1,3.5,1.4,0.2' for label",
                "; is this a CSV file? train with --format csv");
        assertMessage(failure(file("sp.libsvm", "1 3.5, 1.4\n"), LIBSVM), "sp.libsvm:1: expected index:value, found "
                + "'3.5,'", "is this a CSV file?");
    }

    @Test
    void shouldTellNonTopicModelsThatBagOfWordsIsNotForThem() throws IOException {
        Path p = file("kjv.docword.txt", "1\n1\n1\n1 1 1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataReader.read(p, DataOptions.of(DataFormat.BAG_OF_WORDS), null));
        assertEquals(p + ": bag-of-words input (--format bow, or 'docword' in the file name) is only for the topic"
                + " models lda and plsa; logreg, gmm and kmeans read --format libsvm or csv", e.getMessage());
    }

    @Test
    void shouldRejectFractionalLabel() throws IOException {
        assertMessage(failure(file("l.libsvm", "0.5 1:1\n"), LIBSVM), "l.libsvm:1:", "label '0.5' is not a class id");
    }

    @Test
    void shouldHashFeaturesDeterministicallyIntoFixedWidth() throws IOException {
        Shard s = readOne(file("h.libsvm", "1 1:1 100:2 1000000:3\n"), LIBSVM.withHashBits(4));
        CsrMatrix x = (CsrMatrix) s.features();
        assertEquals(16, x.cols());
        double sum = 0;
        for (int k = 0; k < x.nnz(); k++) {
            assertTrue(x.indices()[k] >= 0 && x.indices()[k] < 16);
            if (k > 0) {
                assertTrue(x.indices()[k] > x.indices()[k - 1], "sorted, merged");
            }
            sum += x.values()[k];
        }
        assertEquals(6.0, sum);
        assertEquals(FeatureHasher.column(99, 4), FeatureHasher.column(99, 4));
        assertFalse(FeatureHasher.column(0, 20) == FeatureHasher.column(1, 20)
                && FeatureHasher.column(1, 20) == FeatureHasher.column(2, 20));
    }

    @Test
    void shouldHashCsvColumnsAsTheSameLibSvmFeatures() throws IOException {
        // Before, CSV with --hash-features failed with "2 x 16 matrix needs 32 values, got 6".
        Shard csv = readOne(file("h.csv", "1,0.5,0,2\n0,1,3,0\n"), CSV.withLabels(true).withHashBits(4));
        Shard svm = readOne(file("h2.libsvm", "1 1:0.5 3:2\n0 1:1 2:3\n"), LIBSVM.withHashBits(4));
        CsrMatrix a = (CsrMatrix) csv.features();
        CsrMatrix b = (CsrMatrix) svm.features();
        assertEquals(16, a.cols());
        assertArrayEquals(b.rowPtr(), a.rowPtr());
        assertArrayEquals(b.indices(), a.indices());
        assertArrayEquals(b.values(), a.values());
        assertEquals(svm.label(0), csv.label(0));
        assertEquals(svm.label(1), csv.label(1));
    }

    @Test
    void shouldSplitBytesAtLineStarts() throws IOException {
        Path p = file("s.txt", "aaaa\nbb\ncccccc\nd\n");
        try (var ch = java.nio.channels.FileChannel.open(p)) {
            long size = ch.size();
            long prev = 0;
            for (int parts = 1; parts <= 9; parts++) {
                prev = 0;
                for (int k = 0; k <= parts; k++) {
                    long s = LineSplit.partStart(ch, size, k, parts);
                    assertTrue(s >= prev);
                    assertTrue(s == 0 || s == size || Files.readAllBytes(p)[(int) s - 1] == '\n', "at a line start");
                    prev = s;
                }
                assertEquals(size, prev);
            }
        }
    }
}
