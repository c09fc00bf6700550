package dev.herald.webhook.endpoint.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.webhook.endpoint.service.EndpointService;

/**
 * Body of {@code POST /v1/webhooks} and {@code PATCH /v1/webhooks/{id}}; in a PATCH an absent field is kept and an
 * empty one ({@code ""}, {@code []}, {@code {}}) cleared.
 */
@Schema(name = "WebhookEndpointRequest")
public record EndpointRequest(
        @Schema(
                description = "Where events are POSTed: https (http only with test keys).",
                examples = "https://example.com/herald")
        String url,

        String description,

        @Schema(description = "Event types to receive (see GET /v1/event-types); absent or empty: all of them.")
        List<String> eventTypes,

        @Schema(description = "Your own key-value pairs (at most 50, values up to 500 characters).")
        Map<String, String> metadata) {

    static final int MAX_METADATA_KEYS = 50;
    static final int MAX_METADATA_VALUE = 500;

    EndpointService.Settings toSettings(ObjectMapper json) throws JsonProcessingException {
        if (metadata != null) {
            if (metadata.size() > MAX_METADATA_KEYS) {
                throw invalid("At most " + MAX_METADATA_KEYS + " metadata keys.");
            }
            for (var entry : metadata.entrySet()) {
                if (entry.getKey().length() > 40
                        || entry.getValue() == null
                        || entry.getValue().length() > MAX_METADATA_VALUE) {
                    throw invalid(
                            "Metadata keys take at most 40 characters and values 1 to " + MAX_METADATA_VALUE + ".");
                }
            }
        }
        return new EndpointService.Settings(
                url,
                description,
                eventTypes,
                metadata == null ? null : metadata.isEmpty() ? "" : json.writeValueAsString(metadata));
    }

    private static ApiException invalid(String message) {
        return ApiException.invalid(message, List.of(new ApiError.Detail("metadata", "invalid", message)));
    }
}
