package dev.herald.publisher.metrics;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.MetricsReport;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;

/**
 * What the connectors' metric fetches share: fresh credentials or why not, a platform's error answer in metric terms
 * (each platform's own error mapping, with its rate-limit headers, is reused), and counts read from JSON with a
 * missing figure kept null rather than 0.
 */
public final class PlatformMetrics {

    /** The platform refused the read itself (a bad id, a missing scope): asking again the same way will not help. */
    public static final String REQUEST_REJECTED = "metrics_rejected";

    private PlatformMetrics() {}

    /** One metric fetch with the account's credentials; may find the platform unreachable. */
    @FunctionalInterface
    public interface Fetch {
        MetricsOutcome fetch(Credentials credentials) throws PlatformHttp.NotSent;
    }

    /** Turns a platform's successful answer into metrics. */
    @FunctionalInterface
    public interface Reading {
        MetricsOutcome read(PlatformHttp.Answer answer);
    }

    /**
     * One read: {@code GET uri}, its successful answer through {@code reading}, any other through the connector's
     * error mapping ({@code errors}) and {@link #error}.
     */
    public static MetricsOutcome read(
            PlatformHttp http,
            URI uri,
            Map<String, String> headers,
            Function<PlatformHttp.Answer, PublishOutcome> errors,
            Reading reading)
            throws PlatformHttp.NotSent {
        PlatformHttp.Answer answer = http.get(uri, headers);
        return answer.ok() ? reading.read(answer) : error(answer, errors.apply(answer));
    }

    /** The {@code Authorization} header of a bearer token. */
    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** An account's figures: its followers, the one metric an account has. */
    public static MetricsOutcome followers(Long followers, PlatformHttp.Answer answer) {
        return MetricsOutcome.collected(
                new MetricsReport.Values(null, null, null, null, null, null, null, null, followers), answer.raw());
    }

    /** A post's figures, with the platform's answer as the raw payload; each null where the platform has none. */
    public static MetricsOutcome post(
            PlatformHttp.Answer answer,
            Long impressions,
            Long likes,
            Long comments,
            Long shares,
            Long saves,
            Long clicks) {
        return MetricsOutcome.collected(
                new MetricsReport.Values(impressions, null, likes, comments, shares, saves, clicks, null, null),
                answer.raw());
    }

    /** Runs {@code fetch} with fresh credentials: expired access and an unreachable platform are failures. */
    public static MetricsOutcome withCredentials(TokenService tokens, Account account, Fetch fetch) {
        Credentials credentials;
        try {
            credentials = tokens.forCall(account);
        } catch (TokenService.AccessExpired e) {
            return MetricsOutcome.failed(MetricsOutcome.AUTH_EXPIRED, e.getMessage());
        }
        try {
            return fetch.fetch(credentials);
        } catch (PlatformHttp.NotSent e) {
            return MetricsOutcome.failed(MetricsOutcome.PLATFORM_UNREACHABLE, e.getMessage());
        }
    }

    /**
     * A platform's error answer to a metric read, from the connector's mapping of the same answer for publishing: 404
     * is {@code post_not_found}, a 429 is a rate limit with the platform's reset, a revoked token {@code auth_expired},
     * a 5xx {@code platform_error} (counted by the breaker); any other refusal is {@link #REQUEST_REJECTED}.
     */
    public static MetricsOutcome error(PlatformHttp.Answer answer, PublishOutcome mapped) {
        if (answer.status() == 404) {
            return MetricsOutcome.failed(MetricsOutcome.POST_NOT_FOUND, mapped.errorMessage());
        }
        if (PublishOutcome.RATE_LIMITED.equals(mapped.errorCode())) {
            return MetricsOutcome.rateLimited(mapped.errorMessage(), mapped.retryAfter());
        }
        if (mapped.isPlatformTrouble()) {
            return MetricsOutcome.failed(MetricsOutcome.PLATFORM_ERROR, mapped.errorMessage());
        }
        if (MetricsOutcome.AUTH_EXPIRED.equals(mapped.errorCode()) || "quota_exhausted".equals(mapped.errorCode())) {
            return MetricsOutcome.failed(mapped.errorCode(), mapped.errorMessage());
        }
        return MetricsOutcome.failed(REQUEST_REJECTED, mapped.errorMessage());
    }

    /** The whole number in {@code field}, also when sent as a string; null when the platform did not send it. */
    public static Long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asLong();
        }
        try {
            return Long.parseLong(value.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The sum of the figures the platform sent; null when it sent none of them. */
    public static Long sum(Long... values) {
        Long total = null;
        for (Long value : values) {
            if (value != null) {
                total = total == null ? value : total + value;
            }
        }
        return total;
    }
}
