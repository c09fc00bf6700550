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
        return Jwt.issuer(InternalToken.ISSUER)
                .audience(InternalToken.AUDIENCE)
                .subject("key_test")
                .claim(InternalToken.WORKSPACE_CLAIM, workspaceId)
                .claim(InternalToken.MODE_CLAIM, mode)
                .claim(
                        InternalToken.SCOPE_CLAIM,
                        "posts:read posts:write accounts:read accounts:write"
                                + " webhooks:write analytics:read media:write")
                .expiresIn(Duration.ofMinutes(10))
                .sign(LocalInfra.shared().keys().privateKey());
    }

    /** A header value ready for RestAssured: {@code Bearer <token>}. */
    public static String bearer(String workspaceId) {
        return "Bearer " + forWorkspace(workspaceId);
    }
}
