package dev.herald.publisher.connector.oauth;

/**
 * A platform's authorization server refused or could not answer. Permanent refusals (a revoked or unknown grant, a
 * wrong client) need the user; transient ones (network, 5xx, 429) are retried and never disconnect an account.
 */
public class OAuthException extends RuntimeException {

    private final boolean permanent;
    private final String code;

    public OAuthException(boolean permanent, String code, String message) {
        super(message);
        this.permanent = permanent;
        this.code = code;
    }

    public static OAuthException transientFailure(String message) {
        return new OAuthException(false, "platform_unavailable", message);
    }

    public boolean permanent() {
        return permanent;
    }

    /** The platform's error code ({@code invalid_grant}, ...) or Herald's when the platform gave none. */
    public String code() {
        return code;
    }
}
