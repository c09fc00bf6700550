package dev.herald.publisher.connector.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.connector.http.Query;

/**
 * A client of an OAuth 2 token endpoint (RFC 6749 section 4.1.3 and 6): the authorization-code grant with a PKCE
 * verifier, and the refresh grant. A confidential client authenticates with HTTP Basic, a public one sends its
 * client id in the form.
 */
public final class OAuth2Client {

    /** Error codes after which asking again cannot help (RFC 6749 section 5.2). */
    private static final Set<String> PERMANENT =
            Set.of("invalid_grant", "invalid_client", "unauthorized_client", "invalid_request", "invalid_scope");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final boolean secretInBody;

    /** A client that authenticates with HTTP Basic (or, without a secret, as a public client). */
    public OAuth2Client(HttpClient http, URI tokenUrl, String clientId, String clientSecret) {
        this(http, tokenUrl, clientId, clientSecret, false);
    }

    /**
     * @param secretInBody send {@code client_id} and {@code client_secret} in the form (RFC 6749 section 2.3.1's
     *     alternative, which some platforms — LinkedIn — require) instead of HTTP Basic
     */
    public OAuth2Client(HttpClient http, URI tokenUrl, String clientId, String clientSecret, boolean secretInBody) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.secretInBody = secretInBody;
    }

    public Credentials exchangeCode(String code, String verifier, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        return post(form, null);
    }

    /** New tokens for the stored refresh token; a response without a refresh token keeps the old one. */
    public Credentials refresh(Credentials current) {
        return post(refreshForm(current), current);
    }

    /**
     * The refresh grant's form (RFC 6749 section 6), for a token endpoint this client cannot call (TikTok's) to add
     * its client to.
     *
     * @throws OAuthException permanent when no refresh token is stored
     */
    public static Map<String, String> refreshForm(Credentials current) {
        if (!current.hasRefreshToken()) {
            throw new OAuthException(true, "no_refresh_token", "No refresh token is stored for this account.");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", current.refreshToken());
        return form;
    }

    private Credentials post(Map<String, String> form, Credentials current) {
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUrl)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (clientSecret == null) {
            form.put("client_id", clientId);
        } else if (secretInBody) {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        } else {
            String basic = encode(clientId) + ":" + encode(clientSecret);
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    request.POST(HttpRequest.BodyPublishers.ofString(Query.encode(form)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw OAuthException.transientFailure("The token endpoint could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OAuthException.transientFailure("Interrupted while calling the token endpoint.");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 == 2 && body.hasNonNull("access_token")) {
            return credentials(body, current);
        }
        String error = body.path("error").asText("");
        String description =
                body.path("error_description").asText(body.path("detail").asText(""));
        String message = ("The platform answered " + response.statusCode() + (error.isEmpty() ? "" : " " + error)
                        + (description.isEmpty() ? "" : ": " + description))
                .trim();
        boolean permanent = PERMANENT.contains(error)
                || (response.statusCode() / 100 == 4 && response.statusCode() != 429 && response.statusCode() != 408);
        throw new OAuthException(permanent, error.isEmpty() ? "http_" + response.statusCode() : error, message);
    }

    private static Credentials credentials(JsonNode body, Credentials current) {
        Instant expiresAt = body.hasNonNull("expires_in")
                ? Instant.now().plusSeconds(body.get("expires_in").asLong())
                : null;
        List<String> scopes = body.hasNonNull("scope")
                ? Arrays.asList(body.get("scope").asText().trim().split("[\\s,]+"))
                : current == null ? List.of() : current.scopes();
        String refresh = body.path("refresh_token").asText(null);
        Credentials fresh = new Credentials(
                body.get("access_token").asText(),
                refresh,
                expiresAt,
                scopes,
                current == null ? Map.of() : current.secrets());
        return fresh.keepingRefreshTokenOf(current);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
