package dev.herald.publisher.account.credential;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a platform gave Herald to act for an account: OAuth tokens and any other secret (a Bluesky app password). Only
 * ever stored encrypted ({@link CredentialVault}); {@link #toString()} shows no secret, so it is safe to log.
 *
 * @param accessToken the OAuth access token, or {@code null}
 * @param refreshToken the OAuth refresh token, or {@code null} when the platform sent none
 * @param expiresAt when the access token expires, or {@code null} when unknown
 * @param scopes the granted scopes
 * @param secrets other secrets by name, such as {@code app_password}
 */
public record Credentials(
        String accessToken, String refreshToken, Instant expiresAt, List<String> scopes, Map<String, String> secrets) {

    public Credentials {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    public boolean hasRefreshToken() {
        return refreshToken != null && !refreshToken.isBlank();
    }

    /**
     * These credentials, keeping the stored refresh token when they bring none: platforms often answer a refresh
     * without a new refresh token, and losing the stored one would disconnect the account.
     */
    public Credentials keepingRefreshTokenOf(Credentials stored) {
        if (hasRefreshToken() || stored == null || !stored.hasRefreshToken()) {
            return this;
        }
        return new Credentials(accessToken, stored.refreshToken, expiresAt, scopes, secrets);
    }

    @Override
    public String toString() {
        return "Credentials[accessToken=" + redacted(accessToken) + ", refreshToken=" + redacted(refreshToken)
                + ", expiresAt=" + expiresAt + ", scopes=" + scopes + ", secrets=" + new TreeMap<>(secrets).keySet()
                + "]";
    }

    private static String redacted(String secret) {
        return secret == null || secret.isEmpty() ? "none" : "***";
    }
}
