package dev.concord.runtime;

/** A blocking operation did not complete before its deadline. The message names the operation. */
public class OperationTimeoutException extends ConcordException {
    private static final long serialVersionUID = 1L;

    public OperationTimeoutException(String message) {
        super(message);
    }

    public OperationTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
