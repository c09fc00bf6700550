package dev.herald.cli.api;

/** The API could not be reached, or the connection broke before an answer. */
public final class UnreachableException extends RuntimeException {

    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
