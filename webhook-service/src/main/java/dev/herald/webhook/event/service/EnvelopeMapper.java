package dev.herald.webhook.event.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.EventJson;
import dev.herald.events.PublishResult;
import dev.herald.webhook.event.Envelope;

/**
 * Maps each consumed topic's events to tenant envelopes. The event id is the producer's CloudEvents id (so a replayed
 * record maps to the same envelope) and the type is the record's own ({@code ce_type} header, else its type field);
 * a type this service does not know is delivered as it is, with the record as {@code data}.
 */
public final class EnvelopeMapper {

    private EnvelopeMapper() {}

    /** Post events already have the tenant shape ({@code PostEvent}): passed on byte for byte. */
    public static Optional<Envelope> fromPostEvent(String eventId, String headerType, String value) {
        JsonNode node = tree(value);
        String type = firstNonBlank(headerType, text(node, "type"));
        String workspace = text(node, "workspace_id");
        if (!Envelope.forTenants(type) || workspace == null) {
            return Optional.empty();
        }
        String id = firstNonBlank(text(node, "id"), eventId);
        if (id.equals(text(node, "id")) && type.equals(text(node, "type")) && node.has("created_at")) {
            return Optional.of(new Envelope(id, type, workspace, time(node, "created_at"), value));
        }
        return Optional.of(Envelope.of(id, type, workspace, time(node, "created_at"), node.get("data")));
    }

    /** An attempt's outcome: {@code destination.published|failed|retrying} with the result as data. */
    public static Optional<Envelope> fromPublishResult(String eventId, String value) {
        JsonNode node = tree(value);
        String status = text(node, "status");
        String workspace = text(node, "workspace_id");
        if (status == null || workspace == null) {
            return Optional.empty();
        }
        String type = switch (status) {
            case PublishResult.PUBLISHED -> "destination.published";
            case PublishResult.FAILED -> "destination.failed";
            case PublishResult.RETRYING -> "destination.retrying";
            default -> "destination." + status;
        };
        return Optional.of(Envelope.of(eventId, type, workspace, time(node, "occurred_at"), node));
    }

    /** Media and account events: the record is the data (its own id and type moved to the envelope). */
    public static Optional<Envelope> fromRecord(
            String eventId, String headerType, String fallbackPrefix, String value) {
        JsonNode node = tree(value);
        String type = firstNonBlank(headerType, text(node, "type"));
        if (type == null && text(node, "status") != null) {
            type = fallbackPrefix + text(node, "status");
        }
        String workspace = text(node, "workspace_id");
        if (!Envelope.forTenants(type) || workspace == null) {
            return Optional.empty();
        }
        ObjectNode data = node.deepCopy();
        data.remove("type");
        if (data.has("id") && eventId.equals(text(data, "id"))) {
            data.remove("id");
        }
        return Optional.of(Envelope.of(eventId, type, workspace, time(node, "occurred_at"), data));
    }

    private static JsonNode tree(String value) {
        JsonNode node = EventJson.read(value, JsonNode.class);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Not a JSON object event");
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant time(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return value == null ? Instant.now() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
