package dev.concord.models.data;

/**
 * Comma-separated dense rows. Line 1 of the file is a header (and skipped) when any of its fields
 * is not a number, unless it looks like a LibSVM line ({@code label idx:val ...}): a LibSVM file
 * read as CSV then fails on line 1 with a hint, instead of losing line 1 and failing on line 2.
 * With labels, the first column is the class label. Every row must have as many columns as the first.
 * With hashing, feature column j (1-based, after the label) is feature index j, hashed as in
 * LibSVM input, and the row is stored sparse (zeros left out).
 */
final class CsvParser extends LineParser {
    CsvParser(String file, DataOptions options) {
        super(file, options);
    }

    @Override
    void parseLine(String text, int start, int end, long line, ShardBuilder out) {
        if (line == 1 && isHeader(text, start, end)) {
            return;
        }
        long label = 0;
        int cols = 0;
        int p = start;
        boolean first = true;
        while (true) {
            int comma = text.indexOf(',', p);
            int fieldEnd = comma < 0 || comma > end ? end : comma;
            int s = trimStart(text, p, fieldEnd);
            int e = trimEnd(text, s, fieldEnd);
            if (first && options.labelled()) {
                label = label(text, s, e, line);
            } else {
                cols++;
                if (options.features() > 0 && cols > options.features()) {
                    throw error(line, "column " + cols + " is beyond " + options.featureLimit());
                }
                double v = number(text, s, e, line, "column " + cols) * options.featureScale();
                if (options.hashBits() == 0) {
                    out.value(v);
                } else if (v != 0) {
                    out.entry(FeatureHasher.column(cols - 1, options.hashBits()), v); // column j is feature j
                }
            }
            first = false;
            if (fieldEnd == end) {
                break;
            }
            p = fieldEnd + 1;
        }
        if (options.features() > 0 && cols < options.features()) {
            throw error(line, "has " + cols + " feature columns, fewer than " + options.featureLimit());
        }
        if (out.width >= 0 && cols != out.width) {
            throw error(line, "has " + cols + " feature columns, but line " + out.firstDataLine + " has " + out.width);
        }
        out.width = cols;
        if (options.hashBits() > 0) {
            out.mergeRow();
        }
        out.endRow(label, line);
    }

    @Override
    String hint(String token) {
        return looksLikeLibSvm(token) ? "; is this a LibSVM file? train with --format libsvm (it is read as CSV)" : "";
    }

    private static boolean isHeader(String text, int start, int end) {
        String line = text.substring(start, end);
        if (looksLikeLibSvm(line)) {
            return false;
        }
        for (String field : line.split(",")) {
            try {
                Double.parseDouble(field.trim());
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    /** {@code label idx:val ...}: a number, then whitespace and a token with a colon after digits (or {@code qid}). */
    static boolean looksLikeLibSvm(String s) {
        String[] tokens = s.trim().split("\\s+", 3);
        if (tokens.length < 2 || !tokens[1].matches("(\\d+|qid):.*")) {
            return false;
        }
        try {
            Double.parseDouble(tokens[0]);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int trimStart(String t, int p, int end) {
        while (p < end && Character.isWhitespace(t.charAt(p))) {
            p++;
        }
        return p;
    }

    private static int trimEnd(String t, int s, int e) {
        while (e > s && Character.isWhitespace(t.charAt(e - 1))) {
            e--;
        }
        return e;
    }
}
