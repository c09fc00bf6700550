package dev.herald.webhook.endpoint.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.webhook.endpoint.Endpoint;

/** An endpoint; {@code secret} only in the responses that create it (registration, rotation). */
@Schema(name = "WebhookEndpoint")
public record EndpointResponse(
        String id,
        String object,
        String url,
        String description,

        @Schema(description = "The event types it receives; empty: all of them.")
        List<String> eventTypes,

        Map<String, String> metadata,
        String status,
        String disabledReason,

        @Schema(description = "Shown once, on creation and rotation: whsec_ followed by 24 random bytes in base64.")
        String secret,

        Instant createdAt,
        Instant updatedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static EndpointResponse from(Endpoint endpoint, boolean withSecret) {
        return new EndpointResponse(
                endpoint.id(),
                "webhook_endpoint",
                endpoint.url(),
                endpoint.description(),
                endpoint.eventTypes() == null ? List.of() : endpoint.eventTypes(),
                metadata(endpoint.metadata()),
                endpoint.status(),
                endpoint.disabledReason(),
                withSecret ? endpoint.secret() : null,
                endpoint.createdAt(),
                endpoint.updatedAt());
    }

    private static Map<String, String> metadata(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored metadata is not JSON", e);
        }
    }
}
