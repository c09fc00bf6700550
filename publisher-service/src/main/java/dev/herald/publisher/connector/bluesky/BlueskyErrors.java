package dev.herald.publisher.connector.bluesky;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;

/**
 * A PDS's XRPC errors in Herald's categories, the PDS's words kept. XRPC errors are {@code {"error": "Name",
 * "message": "..."}} (https://atproto.com/specs/xrpc#error-responses); rate limits come with
 * {@code RateLimit-Reset} (epoch seconds) and {@code Retry-After} (https://docs.bsky.app/docs/advanced-guides/rate-limits).
 */
final class BlueskyErrors {

    /** The session is no longer good for this call: the user must sign in again (or Herald with the app password). */
    private static final Set<String> AUTH = Set.of(
            "ExpiredToken",
            "InvalidToken",
            "AuthenticationRequired",
            "AuthMissing",
            "AccountTakedown",
            "AccountDeactivated");
    /** When a 429 says nothing about its reset: hosted PDS windows are 5 minutes to a day; retry after the shortest. */
    private static final Duration DEFAULT_RATE_WAIT = Duration.ofMinutes(5);

    private BlueskyErrors() {}

    static PublishOutcome outcome(PlatformHttp.Answer answer, Instant now) {
        String error = error(answer);
        String message = "Bluesky answered " + answer.status() + ": " + error
                + (answer.body().hasNonNull("message")
                        ? " (" + answer.body().get("message").asText() + ")"
                        : "");
        if (AUTH.contains(error) || answer.status() == 401) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if (answer.status() == 429) {
            Duration wait = answer.untilEpochHeader("RateLimit-Reset", now)
                    .or(() -> retryAfter(answer))
                    .orElse(DEFAULT_RATE_WAIT);
            return PublishOutcome.retryable(PublishOutcome.RATE_LIMITED, message, wholeSeconds(wait));
        }
        if (answer.status() >= 500) {
            return PublishOutcome.retryable(
                    "platform_error", message, retryAfter(answer).orElse(null));
        }
        // 400 InvalidRequest (a record the lexicon refuses: "grapheme too big", a bad facet), 413 PayloadTooLarge.
        return PublishOutcome.failed("content_rejected", message);
    }

    /**
     * Rounded up to the second: the reset is a whole second, and a wait cut to milliseconds further on would bring
     * the retry back a fraction of a millisecond before it.
     */
    private static Duration wholeSeconds(Duration wait) {
        return Duration.ofSeconds(wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
    }

    static String error(PlatformHttp.Answer answer) {
        return answer.body().path("error").asText("http_" + answer.status());
    }

    private static Optional<Duration> retryAfter(PlatformHttp.Answer answer) {
        return answer.header("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
