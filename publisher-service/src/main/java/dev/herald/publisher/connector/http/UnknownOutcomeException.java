package dev.herald.publisher.connector.http;

/**
 * A publish call was sent and its answer lost (timeout, reset): the post may exist on the platform. It leaves the
 * ledger entry {@code in_flight}, so the next try reads back from the platform before calling it again.
 */
public class UnknownOutcomeException extends RuntimeException {

    public UnknownOutcomeException(String message, Throwable cause) {
        super(message, cause);
    }
}
