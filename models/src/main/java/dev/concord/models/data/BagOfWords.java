package dev.concord.models.data;

/**
 * One rank's documents of a UCI bag-of-words corpus: a CSR matrix with one row per document present
 * in this rank's part (columns = 0-based word ids, values = counts), the global 0-based id of each
 * row's document, and the corpus sizes from the header. A document lies wholly on one rank.
 *
 * @param documents    total documents D (header line 1)
 * @param vocabulary   vocabulary size W (header line 2)
 * @param nonZeros     (doc, word) pairs NNZ in the whole file (header line 3)
 * @param vocab        the words (from the vocab file), or null if none was given
 */
public record BagOfWords(String source, CsrMatrix counts, int[] docIds, long documents, int vocabulary, long nonZeros,
        String[] vocab) {
}
