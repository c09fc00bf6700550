package dev.herald.publisher.connector.facebook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.http.Query;
import dev.herald.publisher.connector.oauth.OAuthException;

/**
 * Calls to Meta's Graph API (graph.facebook.com for Pages, graph.instagram.com for Instagram) as Facebook and
 * Instagram share them: writes as form posts with the token in the body (so it stays out of URLs and logs), reads with
 * parameters in the query, and Graph errors ({@code {"error": {message, type, code, error_subcode, fbtrace_id}}},
 * https://developers.facebook.com/docs/graph-api/guides/error-handling) in Herald's categories.
 */
public final class MetaGraph {

    /**
     * Meta's throttling codes (https://developers.facebook.com/docs/graph-api/overview/rate-limiting): 4 app, 17 user,
     * 32 page, 613 custom, 80001–80014 business use case. They usually come with HTTP 400/403, not 429.
     */
    private static final Set<Integer> THROTTLED = Set.of(4, 17, 32, 613);

    /** Meta's rate-limit windows are rolling hours; without an estimate from the usage headers, wait one. */
    static final Duration DEFAULT_THROTTLE_WAIT = Duration.ofHours(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlatformHttp http;
    private final String api;
    private final String platformName;

    /** @param api the versioned base URL, e.g. {@code https://graph.facebook.com/v25.0} */
    public MetaGraph(PlatformHttp http, String api, String platformName) {
        this.http = http;
        this.api = api;
        this.platformName = platformName;
    }

    /** A created object's id (and the whole answer), or the outcome that ends the attempt. */
    public record Step(String id, JsonNode body, PublishOutcome outcome) {

        public boolean failed() {
            return outcome != null;
        }
    }

    /** A write: {@code POST <api>/<path>} with a form body. */
    public Step post(String path, Map<String, String> form) {
        PlatformHttp.Answer answer;
        try {
            answer = http.postBody(
                    URI.create(api + path),
                    Map.of(),
                    "application/x-www-form-urlencoded",
                    HttpRequest.BodyPublishers.ofString(Query.encode(form)));
        } catch (PlatformHttp.NotSent e) {
            return new Step(null, null, PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
        if (answer.ok()
                && (answer.body().hasNonNull("id")
                        || answer.body().path("success").asBoolean(false))) {
            return new Step(answer.body().path("id").asText(null), answer.body(), null);
        }
        return new Step(null, answer.body(), outcome(answer, platformName));
    }

    /** A read whose answer, an error included, the caller interprets (a metric read). */
    public PlatformHttp.Answer read(String path, Map<String, String> query) throws PlatformHttp.NotSent {
        return http.get(URI.create(api + path + "?" + Query.encode(query)), Map.of());
    }

    /** Facebook or Instagram, as the platform is named in messages. */
    public String platformName() {
        return platformName;
    }

    /** A read; a failure leaves the question open ({@link IllegalStateException}). */
    public JsonNode get(String path, Map<String, String> query) {
        try {
            PlatformHttp.Answer answer = http.get(URI.create(api + path + "?" + Query.encode(query)), Map.of());
            if (!answer.ok()) {
                throw new IllegalStateException(platformName + " answered " + answer.status() + " to a read of " + path
                        + ": " + answer.body().path("error").path("message").asText("no details"));
            }
            return answer.body();
        } catch (PlatformHttp.NotSent e) {
            throw new IllegalStateException(platformName + " could not be reached: " + e.getMessage(), e);
        }
    }

    /**
     * Meta's consent dialog (Facebook Login, Business Login for Instagram): the app, the scopes, the state, a code back
     * to the redirect URI. Meta's web flows take no PKCE.
     */
    public static URI consentPage(
            PublisherConfig.App app, String defaultUrl, String scopes, String state, String redirectUri) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", app.clientId().orElseThrow());
        query.put("redirect_uri", redirectUri);
        query.put("scope", scopes);
        query.put("response_type", "code");
        query.put("state", state);
        return URI.create(app.authorizeUrl().orElse(defaultUrl) + "?" + Query.encode(query));
    }

    /**
     * A call of a connect flow (token exchanges, the user's pages or profile); Graph errors become OAuth failures,
     * permanent for a 4xx that is not throttling.
     */
    public static JsonNode connectCall(
            PlatformHttp http, String platformName, String method, String url, Map<String, String> params) {
        PlatformHttp.Answer answer;
        try {
            answer = "POST".equals(method)
                    ? http.postBody(
                            URI.create(url),
                            Map.of(),
                            "application/x-www-form-urlencoded",
                            HttpRequest.BodyPublishers.ofString(Query.encode(params)))
                    : http.get(URI.create(url + "?" + Query.encode(params)), Map.of());
        } catch (PlatformHttp.NotSent e) {
            throw OAuthException.transientFailure(e.getMessage());
        }
        if (answer.ok()) {
            return answer.body();
        }
        JsonNode error = answer.body().path("error");
        boolean throttled = THROTTLED.contains(error.path("code").asInt(-1)) || answer.status() == 429;
        throw new OAuthException(
                answer.status() / 100 == 4 && !throttled,
                error.path("type").asText("http_" + answer.status()),
                platformName + " answered " + answer.status() + ": "
                        + error.path("message").asText("no details"));
    }

    /** A Graph error in Herald's terms, the platform's own message kept. */
    public static PublishOutcome outcome(PlatformHttp.Answer answer, String platformName) {
        JsonNode error = answer.body().path("error");
        int code = error.path("code").asInt(-1);
        int subcode = error.path("error_subcode").asInt(-1);
        String message = platformName + " answered " + answer.status() + " (code " + code
                + (subcode > 0 ? ", subcode " + subcode : "") + "): "
                + error.path("error_user_msg").asText(error.path("message").asText("no details"));
        // 190 invalid/expired token, 102 session; 10 and 200-299 a permission the user withdrew: only reconnecting
        // helps.
        if (code == 190 || code == 102 || code == 10 || (code >= 200 && code < 300) || answer.status() == 401) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if (THROTTLED.contains(code) || (code >= 80001 && code <= 80014) || answer.status() == 429) {
            return PublishOutcome.retryable(
                    PublishOutcome.RATE_LIMITED, message, regainAccess(answer).orElse(DEFAULT_THROTTLE_WAIT));
        }
        // 9 with subcode 2207042: the account's content publishing limit (Instagram's posts per 24 hours).
        if (code == 9) {
            return PublishOutcome.failed("quota_exhausted", message);
        }
        // Media the platform could not fetch or use (https://developers.facebook.com/docs/instagram-platform/
        // instagram-graph-api/reference/error-codes): 9004, 36000-36003, 352, 2207xxx subcodes of code 36 and 9007.
        if (code == 9004
                || code == 352
                || code == 324
                || (code >= 36000 && code <= 36003)
                || code == 9007
                || (subcode >= 2207001 && subcode <= 2207099 && subcode != 2207042)) {
            return PublishOutcome.failed("media_invalid", message);
        }
        if (answer.status() >= 500
                || code == 1
                || code == 2
                || error.path("is_transient").asBoolean(false)) {
            return PublishOutcome.retryable("platform_error", message, null);
        }
        return PublishOutcome.failed("content_rejected", message);
    }

    /**
     * The longest {@code estimated_time_to_regain_access} (minutes) in {@code X-Business-Use-Case-Usage}
     * ({@code {"<business id>": [{"type", "call_count", "total_cputime", "total_time",
     * "estimated_time_to_regain_access"}]}}) or {@code X-Page-Usage}; empty when neither says.
     */
    static Optional<Duration> regainAccess(PlatformHttp.Answer answer) {
        long minutes = 0;
        for (String header : new String[] {"X-Business-Use-Case-Usage", "X-Page-Usage"}) {
            Optional<String> value = answer.header(header);
            if (value.isEmpty()) {
                continue;
            }
            try {
                minutes = Math.max(minutes, longestEstimate(JSON.readTree(value.get())));
            } catch (IOException e) {
                // A header we cannot read says nothing; the default wait stands.
            }
        }
        return minutes > 0 ? Optional.of(Duration.ofMinutes(minutes)) : Optional.empty();
    }

    private static long longestEstimate(JsonNode node) {
        long longest = node.path("estimated_time_to_regain_access").asLong(0);
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                longest = Math.max(longest, longestEstimate(child));
            }
        }
        return longest;
    }
}
