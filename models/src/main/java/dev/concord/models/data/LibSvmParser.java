package dev.concord.models.data;

/**
 * LibSVM/SVMlight lines: {@code label idx:value idx:value ... [# comment]}, indices 1-based and
 * strictly increasing, {@code qid:} tokens ignored. Stores 0-based columns (hashed when asked),
 * values times the feature scale.
 */
final class LibSvmParser extends LineParser {
    LibSvmParser(String file, DataOptions options) {
        super(file, options);
    }

    @Override
    void parseLine(String text, int start, int end, long line, ShardBuilder out) {
        int hash = text.indexOf('#', start);
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        int p = start;
        int tokEnd = tokenEnd(text, p, end);
        long label = label(text, p, tokEnd, line);
        long prev = 0;
        p = skipSpace(text, tokEnd, end);
        while (p < end) {
            tokEnd = tokenEnd(text, p, end);
            int colon = text.indexOf(':', p);
            if (colon < 0 || colon >= tokEnd) {
                String token = text.substring(p, tokEnd);
                throw error(line, "expected index:value, found " + DataFormatException.quote(token) + hint(token));
            }
            if (!text.startsWith("qid", p) || colon != p + 3) {
                prev = feature(text, p, colon, tokEnd, line, prev, out);
            }
            p = skipSpace(text, tokEnd, end);
        }
        if (options.hashBits() > 0) {
            out.mergeRow();
        }
        out.endRow(label, line);
    }

    private long feature(String text, int p, int colon, int tokEnd, long line, long prev, ShardBuilder out) {
        long index;
        try {
            index = Long.parseLong(text.substring(p, colon));
        } catch (NumberFormatException e) {
            throw error(line, "bad number " + DataFormatException.quote(text.substring(p, colon))
                    + " for feature index");
        }
        if (index <= 0) {
            throw error(line, "feature index " + index + " must be >= 1 (LibSVM indices are 1-based)");
        }
        if (index <= prev) {
            throw error(line, "feature index " + index + " is not greater than the previous index " + prev
                    + " (indices must increase)");
        }
        if (options.features() > 0 && options.hashBits() == 0 && index > options.features()) {
            throw error(line, "feature index " + index + " is beyond " + options.featureLimit());
        }
        if (options.hashBits() == 0 && index > Integer.MAX_VALUE) {
            throw error(line, "feature index " + index + " is too large; use --hash-features");
        }
        double v = number(text, colon + 1, tokEnd, line, "feature " + index + " value") * options.featureScale();
        int col = options.hashBits() > 0 ? FeatureHasher.column(index - 1, options.hashBits()) : (int) (index - 1);
        out.entry(col, v);
        out.width = Math.max(out.width, index);
        return index;
    }

    /** A comma in a LibSVM token: most likely a CSV file. */
    @Override
    String hint(String token) {
        return token.indexOf(',') >= 0 ? "; is this a CSV file? train with --format csv (it is read as LibSVM)" : "";
    }

    private static int tokenEnd(String text, int p, int end) {
        while (p < end && !Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private static int skipSpace(String text, int p, int end) {
        while (p < end && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        return p;
    }
}
