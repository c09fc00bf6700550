package dev.herald.publisher.connector.mastodon;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;

/**
 * Mastodon's error answers ({@code {"error": "..."}}, https://docs.joinmastodon.org/entities/Error/) in Herald's
 * categories; its rate limit reset is an ISO-8601 time in {@code X-RateLimit-Reset}
 * (https://docs.joinmastodon.org/api/rate-limits/).
 */
final class MastodonErrors {

    private MastodonErrors() {}

    static PublishOutcome outcome(PlatformHttp.Answer answer, Instant now) {
        String message = "Mastodon answered " + answer.status() + ": "
                + answer.body().path("error").asText("no details");
        int status = answer.status();
        if (status == 401 || status == 403) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if (status == 429) {
            return PublishOutcome.retryable(PublishOutcome.RATE_LIMITED, message, reset(answer, now));
        }
        if (status >= 500) {
            return PublishOutcome.retryable("platform_error", message, null);
        }
        return PublishOutcome.failed("content_rejected", message);
    }

    private static Duration reset(PlatformHttp.Answer answer, Instant now) {
        return answer.header("X-RateLimit-Reset")
                .map(value -> {
                    try {
                        Duration wait = Duration.between(now, Instant.parse(value.trim()));
                        return wait.isNegative() ? Duration.ZERO : wait;
                    } catch (DateTimeParseException e) {
                        return null;
                    }
                })
                .orElse(Duration.ofMinutes(5));
    }
}
