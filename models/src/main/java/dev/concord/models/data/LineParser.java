package dev.concord.models.data;

/**
 * Parses the lines of one {@link ShardText} into a {@link ShardBuilder}. Implementations throw
 * {@link DataFormatException} naming file and line at the first bad line.
 */
abstract class LineParser {
    final String file;
    final DataOptions options;

    LineParser(String file, DataOptions options) {
        this.file = file;
        this.options = options;
    }

    /** Parses {@code line} ({@code text[start, end)}, no line terminator), global line number {@code lineNo}. */
    abstract void parseLine(String text, int start, int end, long lineNo, ShardBuilder out);

    /** Parses every line of {@code part}; blank lines and lines starting with {@code #} are skipped. */
    final void parseAll(ShardText part, ShardBuilder out) {
        String text = part.text();
        long lineNo = part.firstLine();
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            int e = end;
            while (e > pos && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            int s = pos;
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            if (s < e && text.charAt(s) != '#') {
                parseLine(text, s, e, lineNo, out);
            }
            lineNo++;
            pos = end + 1;
        }
    }

    /**
     * Appended to the message about a bad {@code token}: a guess at the real format when the token
     * looks like another one (the file was read with the wrong {@code --format}), else "".
     */
    String hint(String token) {
        return "";
    }

    DataFormatException error(long line, String what) {
        return DataFormatException.at(file, line, what);
    }

    /** Parses a finite number, or throws naming {@code what} (e.g. "feature 3 value"). */
    final double number(String text, int start, int end, long line, String what) {
        String token = text.substring(start, end);
        double v;
        try {
            v = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw error(line, "bad number " + DataFormatException.quote(token) + " for " + what + hint(token));
        }
        if (!Double.isFinite(v)) {
            throw error(line, what + " is " + token + " (NaN and infinite values are not allowed)");
        }
        return v;
    }

    /**
     * A class label: an integer >= 0, or -1/+1; one the given {@link LabelRule} allows, if any, and
     * one of the given number of classes, if any.
     */
    final long label(String text, int start, int end, long line) {
        double v = number(text, start, end, line, "label");
        if (v != Math.rint(v) || v < -1 || v > Integer.MAX_VALUE) {
            throw error(line, "label " + DataFormatException.quote(text.substring(start, end))
                    + " is not a class id (an integer >= 0, or -1/+1)");
        }
        LabelRule rule = options.labelRule();
        int id = rule == null ? 0 : rule.classOf((long) v);
        if (options.classes() > 0 && (id < 0 || id >= options.classes())) {
            throw error(line, "label " + DataFormatException.quote(text.substring(start, end))
                    + " is not one of the training data's classes (" + rule.labels(options.classes()) + ")");
        }
        if (id < 0) {
            throw error(line, "label " + DataFormatException.quote(text.substring(start, end))
                    + " is not one of the training data's labels (" + rule.allowed() + ")");
        }
        return (long) v;
    }
}
