package dev.concord.runtime;

/**
 * Root of every exception Concord throws. Unchecked: a distributed job cannot recover locally
 * from most of these, and forcing every caller to declare them hides the few that can.
 */
public class ConcordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConcordException(String message) {
        super(message);
    }

    public ConcordException(String message, Throwable cause) {
        super(message, cause);
    }
}
