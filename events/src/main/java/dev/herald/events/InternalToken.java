package dev.herald.events;

/**
 * The contract of the short-lived JWT the gateway signs for every forwarded request (RS256): who issues it, who it
 * is for, and the claims services read. Services never trust a raw header from outside.
 */
public final class InternalToken {

    public static final String ISSUER = "herald-gateway";
    public static final String AUDIENCE = "herald-services";
    /** Workspace the caller acts in; every tenant query filters on it. */
    public static final String WORKSPACE_CLAIM = "wid";
    /** {@code live} or {@code test} (test keys see only sandbox accounts). */
    public static final String MODE_CLAIM = "mode";
    /** Space-separated scopes of the API key. */
    public static final String SCOPE_CLAIM = "scope";

    /**
     * Issuer of the tokens one service signs to call another's {@code /internal} API (the publisher fetching media
     * bytes, say): a key of their own, so a tenant's gateway token never opens an internal endpoint and a service
     * token never passes as a tenant's. The audience is the called service's name; the subject the caller's.
     */
    public static final String SERVICE_ISSUER = "herald-service";

    private InternalToken() {}

    /**
     * The key id ({@code kid}) of a signing key: derived from its public key, so the gateway (which holds the private
     * key) and every service (which hold public keys) agree on it without configuring ids. During a key rotation a
     * service tells the old key's tokens from the new one's by it.
     */
    public static String keyId(java.security.PublicKey publicKey) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return "hk-"
                    + java.util.Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
