package dev.herald.publisher.account.credential;

/** Stored credentials that cannot be used: their key is not in the key ring, or they fail authentication. */
public class CredentialException extends RuntimeException {

    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
