package dev.herald.publisher.connector.x;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;

/**
 * X's error answers in Herald's categories (https://docs.x.com/x-api/fundamentals/response-codes-and-errors), X's own
 * words kept: problem objects {@code {title, detail, type, status}}, or {@code {errors: [{message}], title, detail}}
 * for invalid requests.
 */
final class XErrors {

    private XErrors() {}

    static PublishOutcome outcome(PlatformHttp.Answer answer, Instant now) {
        String message = "X answered " + answer.status() + ": " + words(answer.body());
        String type = answer.body().path("type").asText("");
        int status = answer.status();
        if (status == 401) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if (status == 429) {
            Duration wait = answer.untilEpochHeader("x-rate-limit-reset", now).orElse(Duration.ofMinutes(15));
            if (XConnector.USAGE_CAPPED.equals(type)) {
                return PublishOutcome.failed("quota_exhausted", message);
            }
            return PublishOutcome.retryable(PublishOutcome.RATE_LIMITED, message, wait);
        }
        if (status >= 500) {
            return PublishOutcome.retryable("platform_error", message, null);
        }
        return PublishOutcome.failed("content_rejected", message);
    }

    private static String words(JsonNode body) {
        JsonNode errors = body.path("errors");
        if (errors.isArray() && !errors.isEmpty() && errors.get(0).hasNonNull("message")) {
            return errors.get(0).get("message").asText();
        }
        return body.path("detail").asText(body.path("title").asText("no details"));
    }
}
