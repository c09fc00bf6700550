package dev.herald.testsupport;

import java.time.Duration;

import io.smallrye.jwt.build.Jwt;

import dev.herald.events.InternalToken;

/**
 * Mints internal JWTs as the gateway would, so a service's own tests can call it directly; signed with this JVM's
 * test key pair, so they are verified for real.
 */
public final class InternalTokens {

    private InternalTokens() {}

    public static String forWorkspace(String workspaceId) {
        return forWorkspace(workspaceId, "test");
    }

    public static String forWorkspace(String workspaceId, String mode) {
        return sign(
                LocalInfra.shared().keys(),
                "key_test",
                workspaceId,
                mode,
                "posts:read posts:write accounts:read accounts:write webhooks:write analytics:read media:write",
                Duration.ofMinutes(10));
    }

    /** A token for this caller signed with {@code keys}, e.g. a running {@link HeraldStack}'s. */
    public static String sign(
            InternalKeys keys, String keyId, String workspaceId, String mode, String scopes, Duration ttl) {
        return Jwt.issuer(InternalToken.ISSUER)
                .audience(InternalToken.AUDIENCE)
                .subject(keyId)
                .claim(InternalToken.WORKSPACE_CLAIM, workspaceId)
                .claim(InternalToken.MODE_CLAIM, mode)
                .claim(InternalToken.SCOPE_CLAIM, scopes)
                .expiresIn(ttl)
                .sign(keys.privateKey());
    }

    /**
     * A service token as {@code caller} would sign it to call {@code service}'s {@code /internal} API about
     * {@code workspaceId}'s data, with this JVM's test service key.
     */
    public static String service(String caller, String service, String workspaceId) {
        return Jwt.issuer(InternalToken.SERVICE_ISSUER)
                .audience(service)
                .subject(caller)
                .claim(InternalToken.WORKSPACE_CLAIM, workspaceId)
                .expiresIn(Duration.ofMinutes(2))
                .sign(LocalInfra.shared().serviceKeys().privateKey());
    }

    /** A header value ready for RestAssured: {@code Bearer <token>}. */
    public static String bearer(String workspaceId) {
        return "Bearer " + forWorkspace(workspaceId);
    }
}
