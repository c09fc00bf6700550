package dev.herald.publisher.connector.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.account.credential.Credentials;

/**
 * Meta's long-lived tokens (Instagram's {@code ig_exchange_token}, Threads' {@code th_exchange_token}): no refresh token,
 * the access token renews itself, so it is stored as both.
 */
public final class LongLivedTokens {

    private LongLivedTokens() {}

    /** The credentials of an exchange or refresh answer {@code {access_token, expires_in}}. */
    public static Credentials credentials(JsonNode token, List<String> scopes) {
        String access = token.path("access_token").asText();
        return new Credentials(
                access,
                access, // the long-lived token is also what renews it
                Instant.now().plusSeconds(token.path("expires_in").asLong(3600)),
                scopes,
                Map.of());
    }
}
