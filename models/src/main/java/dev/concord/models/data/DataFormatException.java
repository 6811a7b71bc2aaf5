package dev.concord.models.data;

import dev.concord.runtime.ConcordException;

/** Input that cannot be read as the declared format; the message names file, line and what was wrong. */
public final class DataFormatException extends ConcordException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    /** {@code file:line: what}. */
    static DataFormatException at(String file, long line, String what) {
        return new DataFormatException(file + ":" + line + ": " + what);
    }
}
