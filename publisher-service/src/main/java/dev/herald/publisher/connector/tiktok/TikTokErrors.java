package dev.herald.publisher.connector.tiktok;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;

/**
 * TikTok's answers in Herald's categories: the API's {@code {"error":{"code","message","log_id"}}}
 * (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling, the Direct Post reference's error table) and a
 * finished publish's {@code fail_reason} (https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status).
 * TikTok's message and {@code log_id} are kept, since TikTok support asks for the log id.
 */
final class TikTokErrors {

    /** The init limit is 6 calls a minute per user token: a minute without the platform's own time. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    /** The creator's daily cap of API posts: asked again in an hour. */
    static final Duration POSTING_CAP_WAIT = Duration.ofHours(1);

    private TikTokErrors() {}

    /** Whether the call succeeded ({@code error.code} is {@code ok}). */
    static boolean ok(PlatformHttp.Answer answer) {
        return answer.ok()
                && "ok".equals(answer.body().path("error").path("code").asText("ok"));
    }

    static PublishOutcome outcome(PlatformHttp.Answer answer) {
        JsonNode error = answer.body().path("error");
        String code = error.path("code").asText("http_" + answer.status());
        String message = "TikTok answered " + answer.status() + " " + code + ": "
                + error.path("message").asText("no details") + " (log_id "
                + error.path("log_id").asText("none")
                + ")";
        if (answer.status() == 429 || "rate_limit_exceeded".equals(code)) {
            Duration wait =
                    answer.header("Retry-After").flatMap(TikTokErrors::seconds).orElse(RATE_WINDOW);
            return PublishOutcome.deferred(PublishOutcome.RATE_LIMITED, message, wait);
        }
        if ("spam_risk_too_many_posts".equals(code) || "reached_active_user_cap".equals(code)) {
            return PublishOutcome.deferred("quota_exhausted", message, POSTING_CAP_WAIT);
        }
        if (answer.status() == 401
                || code.startsWith("access_token_")
                || "scope_not_authorized".equals(code)
                || "scope_permission_missed".equals(code)) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if (answer.status() >= 500 || "internal_error".equals(code)) {
            return PublishOutcome.retryable("platform_error", message, null);
        }
        return PublishOutcome.failed("content_rejected", message);
    }

    /** A publish TikTok gave up on ({@code status: FAILED}): nothing was posted. */
    static PublishOutcome failed(String reason) {
        String message = "TikTok could not post the video: " + reason + ".";
        return switch (reason) {
            case "file_format_check_failed",
                    "duration_check_failed",
                    "frame_rate_check_failed",
                    "picture_size_check_failed",
                    "video_pull_failed",
                    "photo_pull_failed" -> PublishOutcome.failed("media_invalid", message);
            case "auth_removed" -> PublishOutcome.failed("auth_expired", message);
            case "internal" -> PublishOutcome.retryable("platform_error", message, null);
            case "spam_risk_too_many_posts" -> PublishOutcome.deferred("quota_exhausted", message, POSTING_CAP_WAIT);
            default -> PublishOutcome.failed("content_rejected", message);
        };
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
