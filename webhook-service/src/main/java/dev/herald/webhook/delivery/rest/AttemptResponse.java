package dev.herald.webhook.delivery.rest;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.webhook.delivery.Attempt;

/** One attempt as sent (headers) and as answered (status, first KB of the body), with its duration or error. */
@Schema(name = "WebhookAttempt")
public record AttemptResponse(
        String id,
        String object,
        String deliveryId,
        Instant attemptedAt,
        String url,
        Map<String, String> requestHeaders,
        Integer responseStatus,

        @Schema(description = "The first KB of the response body.")
        String responseBody,

        long durationMs,
        String error,
        @Schema(enumeration = {"scheduled", "manual"}) String trigger) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static AttemptResponse from(Attempt attempt) {
        try {
            return new AttemptResponse(
                    attempt.id(),
                    "webhook_attempt",
                    attempt.deliveryId(),
                    attempt.attemptedAt(),
                    attempt.url(),
                    JSON.readValue(attempt.requestHeaders(), new TypeReference<Map<String, String>>() {}),
                    attempt.responseStatus(),
                    attempt.responseBody(),
                    attempt.durationMs(),
                    attempt.error(),
                    attempt.trigger());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored headers are not JSON", e);
        }
    }
}
