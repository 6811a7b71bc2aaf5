package dev.concord.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.models.testutil.Reference;
import dev.concord.runtime.testkit.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BagOfWordsReaderTest {
    @TempDir
    Path dir;

    private static final Path KJV = Reference.DATA.resolve("lda/kjv.docword.txt");

    @ParameterizedTest(name = "np={0}")
    @ValueSource(ints = {1, 3, 7})
    void shouldKeepEveryDocumentWholeOnOneRank(int np) {
        List<long[]> parts = LocalCluster.of(np).call(comm -> {
            BagOfWords b = BagOfWordsReader.read(KJV, Reference.DATA.resolve("lda/kjv.vocab.txt"),
                    Collectives.of(comm));
            double tokens = 0;
            for (double v : b.counts().values()) {
                tokens += v;
            }
            long[] out = new long[3 + b.docIds().length];
            out[0] = b.counts().nnz();
            out[1] = (long) tokens;
            out[2] = b.vocab().length;
            for (int i = 0; i < b.docIds().length; i++) {
                out[3 + i] = b.docIds()[i];
            }
            return out;
        });
        long nnz = 0;
        long tokens = 0;
        Set<Long> docs = new HashSet<>();
        for (long[] p : parts) {
            nnz += p[0];
            tokens += p[1];
            assertEquals(6083, p[2]);
            for (int i = 3; i < p.length; i++) {
                assertTrue(docs.add(p[i]), "document " + p[i] + " on two ranks");
            }
        }
        assertEquals(1189, docs.size());
        assertEquals(254_824, tokens);
        assertTrue(nnz > 0);
    }

    @ParameterizedTest(name = "np={0}")
    @ValueSource(ints = {1, 3})
    void shouldRefuseAFileWithFewerOrMoreEntriesThanItsHeaderSays(int np) throws IOException {
        // cut at a line end, as a copy that stopped early would be: every line parses
        Path cut = Files.writeString(dir.resolve("docword.cut.txt"), "3\n3\n6\n1 1 2\n1 3 1\n2 2 1\n3 1 4\n");
        for (String m : failureOnEveryRank(np, cut)) {
            assertTrue(m.contains("docword.cut.txt:3: the header says NNZ = 6 (doc, word) entries, but the file has 4"
                    + " (is it truncated?)"), m);
        }
        Path more = Files.writeString(dir.resolve("docword.more.txt"), "2\n3\n2\n1 1 2\n1 3 1\n2 2 1\n");
        for (String m : failureOnEveryRank(np, more)) {
            assertTrue(m.endsWith("docword.more.txt:3: the header says NNZ = 2 (doc, word) entries, but the file has 3"),
                    m);
        }
    }

    @Test
    void shouldWantAVocabularyOfExactlyWWords() throws IOException {
        Path docword = Files.writeString(dir.resolve("docword.v.txt"), "1\n3\n2\n1 1 2\n1 3 1\n");
        Path longer = Files.writeString(dir.resolve("vocab.long.txt"), "a\nb\nc\nd\n");
        RuntimeException e = assertThrows(RuntimeException.class, () -> LocalCluster.of(1).run(
                comm -> BagOfWordsReader.read(docword, longer, Collectives.of(comm))));
        assertTrue(String.valueOf(e.getCause()).contains(
                "vocab.long.txt: 4 words, but the docword header says W = 3 (line i of the vocabulary is word i)"),
                String.valueOf(e.getCause()));
        Path blankEnd = Files.writeString(dir.resolve("vocab.blank.txt"), "a\nb\nc\n\n\n");
        BagOfWords b = LocalCluster.of(1).call(comm -> BagOfWordsReader.read(docword, blankEnd, Collectives.of(comm)))
                .get(0);
        assertEquals(List.of("a", "b", "c"), List.of(b.vocab()), "blank lines at the end are not words");
    }

    private static List<String> failureOnEveryRank(int np, Path p) {
        return DataReaderTest.failureOnEveryRank(np, coll -> BagOfWordsReader.read(p, null, coll));
    }

    @Test
    void shouldNameLineOfWordBeyondVocabulary() throws IOException {
        Path p = Files.writeString(dir.resolve("docword.bad.txt"), "2\n3\n3\n1 1 2\n1 3 1\n2 4 1\n");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> LocalCluster.of(1).run(comm -> BagOfWordsReader.read(p, null, Collectives.of(comm))));
        assertTrue(String.valueOf(e.getCause()).contains("docword.bad.txt:6: wordID 4 is outside 1..3"),
                String.valueOf(e.getCause()));
    }
}
