package dev.concord.models.data;

import java.util.Locale;

/** Text formats the readers understand. */
public enum DataFormat {
    /** {@code label idx:val ...}, 1-based increasing indices, zeros omitted. */
    LIBSVM,
    /** Comma-separated dense rows, optional header line (detected); labelled sets hold the label first. */
    CSV,
    /** UCI bag-of-words {@code docword}: D, W, NNZ on lines 1-3, then {@code docID wordID count}. */
    BAG_OF_WORDS;

    /** The format named on a command line ({@code libsvm}, {@code csv}, {@code bow}). */
    public static DataFormat parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "libsvm":
            case "svmlight":
                return LIBSVM;
            case "csv":
                return CSV;
            case "bow":
            case "docword":
                return BAG_OF_WORDS;
            default:
                throw new IllegalArgumentException("unknown format '" + name + "' (libsvm, csv, bow)");
        }
    }

    /** The format a file name suggests, or {@code fallback}. */
    public static DataFormat guess(String fileName, DataFormat fallback) {
        String n = fileName.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".libsvm") || n.endsWith(".svm") || n.endsWith(".svmlight")) {
            return LIBSVM;
        }
        if (n.contains("docword")) {
            return BAG_OF_WORDS;
        }
        return fallback;
    }
}
