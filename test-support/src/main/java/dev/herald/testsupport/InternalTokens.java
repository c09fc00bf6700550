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

    /** A header value ready for RestAssured: {@code Bearer <token>}. */
    public static String bearer(String workspaceId) {
        return "Bearer " + forWorkspace(workspaceId);
    }
}
