package dev.herald.publisher.connector.youtube;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;

/**
 * The YouTube Data API's errors ({@code {"error":{"code","message","errors":[{"domain","reason","message"}]}}},
 * https://developers.google.com/youtube/v3/docs/errors) in Herald's categories, the platform's message kept. A used-up
 * project quota ({@code quotaExceeded}) or channel upload limit ({@code uploadLimitExceeded}) defers the post until
 * YouTube's daily reset, midnight Pacific time, without spending an attempt; a rate limit is retried after
 * {@code Retry-After} (a minute without one).
 */
final class YouTubeErrors {

    static final ZoneId QUOTA_ZONE = ZoneId.of("America/Los_Angeles");

    private YouTubeErrors() {}

    static PublishOutcome outcome(PlatformHttp.Answer answer, Instant now) {
        JsonNode error = answer.body().path("error");
        String reason = error.path("errors").path(0).path("reason").asText("");
        String message = "YouTube answered " + answer.status() + (reason.isEmpty() ? "" : " " + reason) + ": "
                + error.path("message").asText(answer.raw() == null ? "no details" : cut(answer.raw()));
        int status = answer.status();
        if (status == 401) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if ("quotaExceeded".equals(reason) || "uploadLimitExceeded".equals(reason)) {
            return PublishOutcome.deferred("quota_exhausted", message, untilQuotaReset(now));
        }
        if (status == 429 || "rateLimitExceeded".equals(reason) || "userRateLimitExceeded".equals(reason)) {
            Duration wait =
                    answer.header("Retry-After").flatMap(YouTubeErrors::seconds).orElse(Duration.ofMinutes(1));
            return PublishOutcome.retryable(PublishOutcome.RATE_LIMITED, message, wait);
        }
        if (status >= 500) {
            return PublishOutcome.retryable("platform_error", message, null);
        }
        if ("forbidden".equals(reason) || "insufficientPermissions".equals(reason)) {
            return PublishOutcome.failed("auth_expired", message);
        }
        return PublishOutcome.failed("content_rejected", message);
    }

    /** YouTube's quotas reset at midnight Pacific time. */
    static Duration untilQuotaReset(Instant now) {
        ZonedDateTime pacific = now.atZone(QUOTA_ZONE);
        LocalDate tomorrow = pacific.toLocalDate().plusDays(1);
        return Duration.between(now, tomorrow.atStartOfDay(QUOTA_ZONE).toInstant());
    }

    private static java.util.Optional<Duration> seconds(String value) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static String cut(String raw) {
        return raw.length() <= 200 ? raw : raw.substring(0, 200);
    }
}
