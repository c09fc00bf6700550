package dev.herald.publisher.connector.bluesky;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.oauth.OAuthException;

/**
 * Connecting a Bluesky account by signing in with an app password: {@code com.atproto.server.createSession}
 * (https://docs.bsky.app/docs/api/com-atproto-server-create-session) gives an access JWT (about 2 hours) and a refresh
 * JWT (about 90 days); {@code com.atproto.server.refreshSession}
 * (https://docs.bsky.app/docs/api/com-atproto-server-refresh-session) renews both with the refresh JWT as the bearer.
 *
 * <p>The app password is kept (encrypted with the account's credentials): when the refresh JWT itself has run out or
 * was revoked, Herald signs in again with it rather than disconnecting the account. Only the PDS refusing the app
 * password (revoked by the user) needs the user.
 */
@ApplicationScoped
public class BlueskyConnectFlow implements ConnectFlow {

    /** Bluesky's own PDS entryway, where accounts hosted by Bluesky sign in. */
    static final String DEFAULT_PDS = "https://bsky.social";

    static final String SERVICE_URL = "service_url";
    static final String DID = "did";
    static final String APP_PASSWORD = "app_password";

    private static final Logger LOG = Logger.getLogger(BlueskyConnectFlow.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** When a PDS hands out an access JWT without a readable {@code exp}: renew well within its documented 2 hours. */
    private static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(60);

    private final String defaultPds;
    private final Duration timeout;
    private final HttpClient http;

    public BlueskyConnectFlow(PublisherConfig config) {
        this.defaultPds = defaultPds(config);
        this.timeout = config.platformTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The operator's PDS ({@code herald.publisher.apps.bluesky.api-base-url}), else Bluesky's. */
    static String defaultPds(PublisherConfig config) {
        PublisherConfig.App app = config.apps().get("bluesky");
        String url = app == null ? DEFAULT_PDS : app.apiBaseUrl().orElse(DEFAULT_PDS);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String platform() {
        return "bluesky";
    }

    /** Nothing to configure: every user brings their own app password. */
    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public boolean usesConsentPage() {
        return false;
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, String redirectUri, Map<String, String> params) {
        throw signInRequired();
    }

    @Override
    public ConnectedIdentity complete(
            String code, String codeVerifier, String redirectUri, Map<String, String> params) {
        throw signInRequired();
    }

    /** {@code identifier} (handle, email or DID) and {@code app_password}; {@code service_url} for another PDS. */
    @Override
    public ConnectedIdentity signIn(Map<String, String> fields) {
        List<ApiError.Detail> missing = new ArrayList<>();
        for (String field : List.of("identifier", APP_PASSWORD)) {
            if (fields.get(field) == null || fields.get(field).isBlank()) {
                missing.add(new ApiError.Detail(field, "required", "Needed to sign in to Bluesky."));
            }
        }
        if (!missing.isEmpty()) {
            throw ApiException.invalid("Signing in to Bluesky needs an identifier and an app password.", missing);
        }
        String pds = ServiceUrls.check(fields.get(SERVICE_URL), defaultPds);
        JsonNode session = createSession(
                pds, fields.get("identifier").trim(), fields.get(APP_PASSWORD).trim());
        Credentials credentials =
                credentials(session, pds, fields.get(APP_PASSWORD).trim());
        return new ConnectedIdentity(
                session.path("did").asText(),
                session.path("handle").asText(),
                displayName(pds, credentials.accessToken(), session.path("did").asText()),
                null,
                credentials);
    }

    /**
     * {@code refreshSession}; when the PDS no longer takes the refresh JWT (expired, revoked: 400 ExpiredToken or
     * InvalidToken), a new session from the stored app password.
     */
    @Override
    public Credentials refresh(Credentials current) {
        String pds = current.secrets().getOrDefault(SERVICE_URL, defaultPds);
        String appPassword = current.secrets().get(APP_PASSWORD);
        HttpRequest request = HttpRequest.newBuilder(xrpc(pds, "com.atproto.server.refreshSession"))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + current.refreshToken())
                // The procedure has no input: an XRPC server refuses a body it does not expect.
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        Answer answer = send(request);
        if (answer.status() == 200) {
            return credentials(answer.body(), pds, appPassword);
        }
        if (answer.status() / 100 != 4 || answer.status() == 429) {
            throw OAuthException.transientFailure(answer.describe("refreshSession"));
        }
        if (appPassword == null) {
            throw new OAuthException(true, answer.error(), answer.describe("refreshSession"));
        }
        LOG.infof("The refresh JWT was refused (%s); signing in again with the stored app password", answer.error());
        String did = current.secrets().get(DID);
        return credentials(createSession(pds, did, appPassword), pds, appPassword);
    }

    private JsonNode createSession(String pds, String identifier, String appPassword) {
        var body = JSON.createObjectNode().put("identifier", identifier).put("password", appPassword);
        HttpRequest request = HttpRequest.newBuilder(xrpc(pds, "com.atproto.server.createSession"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        Answer answer = send(request);
        if (answer.status() == 200 && answer.body().hasNonNull("accessJwt")) {
            String status = answer.body().path("status").asText("");
            if (!answer.body().path("active").asBoolean(true) && !status.isEmpty()) {
                throw new OAuthException(
                        true, "account_" + status, "The Bluesky account is " + status + " and cannot post.");
            }
            return answer.body();
        }
        if (answer.status() / 100 == 4 && answer.status() != 429) {
            // 401 AuthenticationRequired "Invalid identifier or password"; AuthFactorTokenRequired when the user's
            // own password (with email 2FA) was typed instead of an app password.
            throw new OAuthException(true, answer.error(), answer.describe("createSession"));
        }
        throw OAuthException.transientFailure(answer.describe("createSession"));
    }

    /** The display name from {@code app.bsky.actor.getProfile} (proxied by the PDS to its AppView), if it answers. */
    private String displayName(String pds, String accessJwt, String did) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pds + "/xrpc/app.bsky.actor.getProfile?actor="
                        + URLEncoder.encode(did, StandardCharsets.UTF_8)))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + accessJwt)
                .GET()
                .build();
        try {
            Answer answer = send(request);
            // A PDS without an AppView cannot answer: the account connects without a display name.
            return answer.status() == 200 ? answer.body().path("displayName").asText(null) : null;
        } catch (OAuthException e) {
            return null;
        }
    }

    private static Credentials credentials(JsonNode session, String pds, String appPassword) {
        String access = session.path("accessJwt").asText();
        Map<String, String> secrets = appPassword == null
                ? Map.of(SERVICE_URL, pds, DID, session.path("did").asText())
                : Map.of(SERVICE_URL, pds, DID, session.path("did").asText(), APP_PASSWORD, appPassword);
        return new Credentials(access, session.path("refreshJwt").asText(null), expiry(access), List.of(), secrets);
    }

    /** The access JWT's {@code exp} claim (the PDS does not say it otherwise). */
    static Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length == 3) {
            try {
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                if (claims.path("exp").canConvertToLong()) {
                    return Instant.ofEpochSecond(claims.path("exp").asLong());
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.debugf("Unreadable access JWT claims: %s", e.getMessage());
            }
        }
        return Instant.now().plus(UNKNOWN_LIFETIME);
    }

    private static URI xrpc(String pds, String method) {
        return URI.create(pds + "/xrpc/" + method);
    }

    /** An XRPC answer: errors are {@code {"error": "Name", "message": "..."}}. */
    private record Answer(int status, JsonNode body) {

        String error() {
            return body.path("error").asText("http_" + status);
        }

        String describe(String method) {
            return "Bluesky answered " + status + " to " + method + ": " + error()
                    + (body.hasNonNull("message") ? " (" + body.get("message").asText() + ")" : "");
        }
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                body = JSON.createObjectNode();
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw OAuthException.transientFailure("Bluesky could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OAuthException.transientFailure("Interrupted while calling Bluesky.");
        }
    }

    private static ApiException signInRequired() {
        return new ApiException(
                400,
                "sign_in_required",
                "Bluesky accounts are connected by signing in with an app password: send identifier and app_password.");
    }
}
