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

    private InternalToken() {}
}
