package dev.concord.models.data;

import dev.concord.runtime.ConcordException;

/** Input that cannot be read as the declared format; the message names file, line and what was wrong. */
public final class DataFormatException extends ConcordException {
    private static final long serialVersionUID = 1L;
    /** Longest input quoted in a message: a whole line of a wide file would bury the point. */
    static final int QUOTE_CHARS = 40;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code file:line: what}. */
    static DataFormatException at(String file, long line, String what) {
        return new DataFormatException(file + ":" + line + ": " + what);
    }

    /** {@code 'input'} in single quotes, cut to its first {@link #QUOTE_CHARS} characters and "..." if longer. */
    static String quote(CharSequence input) {
        if (input.length() <= QUOTE_CHARS) {
            return "'" + input + "'";
        }
        return "'" + input.subSequence(0, QUOTE_CHARS).toString().stripTrailing() + "...'";
    }
}
