package dev.herald.webhook.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.AccountEvent;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.MediaEvent;
import dev.herald.events.PostEvent;
import dev.herald.events.PublishResult;

/**
 * The event types tenants can subscribe to, each with a JSON Schema of its envelope and an example built from the
 * very records the services publish (so the example cannot drift from the payload).
 */
public final class EventCatalogue {

    /** Announced when the dispatcher disables an endpoint (410, or 5 days of failures); in the pull feed only. */
    public static final String ENDPOINT_DISABLED = "webhook.endpoint_disabled";

    /** Announced when a delivery has used its whole schedule; in the pull feed only. */
    public static final String DELIVERY_EXHAUSTED = "webhook.delivery_exhausted";

    private static final Instant EXAMPLE_TIME = Instant.parse("2026-12-01T09:00:02Z");
    private static final String EXAMPLE_WORKSPACE = "ws_01JD3Y8Z6K4Q9W2E5R7T1Y3U5I";

    /** One catalogue entry. */
    public record EventType(String type, String description, Map<String, Object> schema, JsonNode example) {}

    private static final List<EventType> TYPES = List.of(
            post(EventTypes.POST_SCHEDULED, "A post was scheduled (or added to a queue slot).", "scheduled"),
            post(EventTypes.POST_PUBLISHED, "Every destination of a post is live, with its permalink.", "published"),
            post(
                    EventTypes.POST_PARTIALLY_PUBLISHED,
                    "A post is final: some destinations are live, others failed (see each error).",
                    "partial"),
            post(EventTypes.POST_FAILED, "Every destination of a post failed, each with the reason.", "failed"),
            post(EventTypes.POST_CANCELED, "A post was canceled before publishing.", "canceled"),
            post(
                    EventTypes.POST_LATE,
                    "A destination is not live several minutes after its time (the watchdog; once per destination).",
                    "publishing"),
            post(
                    EventTypes.POST_AT_RISK,
                    "Shortly before its time a destination's account or media is not ready (once per destination).",
                    "scheduled"),
            destination(EventTypes.DESTINATION_PUBLISHED, "One destination is live.", PublishResult.PUBLISHED),
            destination(EventTypes.DESTINATION_FAILED, "One destination failed for good.", PublishResult.FAILED),
            destination(
                    EventTypes.DESTINATION_RETRYING,
                    "One attempt failed and will be retried at next_retry_at.",
                    PublishResult.RETRYING),
            media(EventTypes.MEDIA_READY, "An uploaded media item is processed and can be used in posts."),
            media(EventTypes.MEDIA_FAILED, "An uploaded media item could not be processed (see error_code)."),
            account(EventTypes.ACCOUNT_CONNECTED, "A social account was connected.", "connected"),
            account(
                    EventTypes.ACCOUNT_EXPIRING,
                    "An account's token expires soon and cannot be refreshed without the user: reconnect it.",
                    "expiring"),
            account(
                    EventTypes.ACCOUNT_EXPIRED,
                    "An account's token expired or was revoked; its posts fail until it is reconnected.",
                    "expired"),
            account(EventTypes.ACCOUNT_DISCONNECTED, "A social account was disconnected.", "disconnected"),
            new EventType(
                    EventTypes.WEBHOOK_TEST,
                    "Sent on demand to one endpoint by POST /v1/webhooks/{id}/test.",
                    envelopeSchema(
                            EventTypes.WEBHOOK_TEST, object(Map.of("endpoint_id", string(), "message", string()))),
                    example(
                            EventTypes.WEBHOOK_TEST,
                            Map.of(
                                    "endpoint_id", "whep_01JD3Y8Z6K4Q9W2E5R7T1Y3U5I",
                                    "message", "This is a test event from Herald."))));

    private EventCatalogue() {}

    public static List<EventType> all() {
        return TYPES;
    }

    /** Whether tenants can subscribe to this type. */
    public static boolean known(String type) {
        return TYPES.stream().anyMatch(t -> t.type().equals(type));
    }

    private static EventType post(String type, String description, String status) {
        var destination = new PostEvent.DestinationSnapshot(
                "dest_01JD3Y8Z6K4Q9W2E5R7T1Y3U5J",
                "acct_01JD3Y8Z6K4Q9W2E5R7T1Y3U5K",
                "bluesky",
                "published".equals(status) ? "published" : "failed".equals(status) ? "failed" : status,
                "published".equals(status) ? "3jzfcijpj2z2a" : null,
                "published".equals(status) ? "https://bsky.app/profile/herald.example/post/3jzfcijpj2z2a" : null,
                "failed".equals(status) ? "platform_rejected" : null,
                "failed".equals(status) ? "The platform refused the post." : null,
                1,
                "published".equals(status) ? EXAMPLE_TIME : null,
                null,
                null);
        var snapshot = new PostEvent.PostSnapshot(
                "post_01JD3Y8Z6K4Q9W2E5R7T1Y3U5L",
                status,
                "Our spring collection is live!",
                Instant.parse("2026-12-01T09:00:00Z"),
                "Europe/Paris",
                "cms-4711",
                Instant.parse("2026-11-30T17:12:00Z"),
                List.of(destination));
        return new EventType(
                type,
                description,
                envelopeSchema(
                        type,
                        object(Map.of(
                                "id", string(),
                                "status", string(),
                                "caption", nullable("string"),
                                "scheduled_at", nullable("string"),
                                "timezone", nullable("string"),
                                "external_id", nullable("string"),
                                "created_at", string(),
                                "destinations", Map.of("type", "array", "items", object(destinationFields()))))),
                example(type, snapshot));
    }

    private static EventType destination(String type, String description, String status) {
        boolean published = PublishResult.PUBLISHED.equals(status);
        var result = new PublishResult(
                EXAMPLE_WORKSPACE,
                "post_01JD3Y8Z6K4Q9W2E5R7T1Y3U5L",
                "dest_01JD3Y8Z6K4Q9W2E5R7T1Y3U5J",
                "acct_01JD3Y8Z6K4Q9W2E5R7T1Y3U5K",
                "mastodon",
                status,
                published ? "113456789012345678" : null,
                published ? "https://mastodon.social/@herald/113456789012345678" : null,
                published ? null : PublishResult.RETRYING.equals(status) ? "rate_limited" : "platform_rejected",
                published ? null : "The platform answered 429 Too Many Requests.",
                1,
                published ? EXAMPLE_TIME : null,
                PublishResult.RETRYING.equals(status) ? EXAMPLE_TIME.plusSeconds(60) : null,
                EXAMPLE_TIME);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : List.of(
                "workspace_id", "post_id", "destination_id", "account_id", "platform", "status", "occurred_at")) {
            fields.put(field, string());
        }
        for (String field : List.of(
                "platform_post_id", "permalink", "error_code", "error_message", "published_at", "next_retry_at")) {
            fields.put(field, nullable("string"));
        }
        fields.put("attempt", Map.of("type", "integer"));
        return new EventType(type, description, envelopeSchema(type, object(fields)), example(type, result));
    }

    private static EventType media(String type, String description) {
        boolean ready = EventTypes.MEDIA_READY.equals(type);
        var event = new MediaEvent(
                null,
                null,
                EXAMPLE_WORKSPACE,
                "med_01JD3Y8Z6K4Q9W2E5R7T1Y3U5M",
                "image",
                ready ? null : "unsupported_format",
                ready ? null : "The file is not an image or video Herald can read.",
                EXAMPLE_TIME);
        JsonNode data = EventJson.read(EventJson.write(event), JsonNode.class);
        ((com.fasterxml.jackson.databind.node.ObjectNode) data).remove(List.of("id", "type"));
        return new EventType(
                type,
                description,
                envelopeSchema(
                        type,
                        object(Map.of(
                                "workspace_id", string(),
                                "media_id", string(),
                                "kind", string(),
                                "error_code", nullable("string"),
                                "error_message", nullable("string"),
                                "occurred_at", string()))),
                example(type, data));
    }

    private static EventType account(String type, String description, String status) {
        var event = new AccountEvent(
                "acct_01JD3Y8Z6K4Q9W2E5R7T1Y3U5K", EXAMPLE_WORKSPACE, "x", "@herald", status, "live", EXAMPLE_TIME);
        return new EventType(
                type,
                description,
                envelopeSchema(
                        type,
                        object(Map.of(
                                "account_id", string(),
                                "workspace_id", string(),
                                "platform", string(),
                                "handle", string(),
                                "status", string(),
                                "mode", string(),
                                "occurred_at", string()))),
                example(type, event));
    }

    private static Map<String, Object> destinationFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : List.of("id", "account_id", "platform", "status")) {
            fields.put(field, string());
        }
        for (String field : List.of(
                "platform_post_id",
                "permalink",
                "error_code",
                "error_message",
                "published_at",
                "at_risk_code",
                "at_risk_message")) {
            fields.put(field, nullable("string"));
        }
        fields.put("attempts", Map.of("type", "integer"));
        return fields;
    }

    private static JsonNode example(String type, Object data) {
        Envelope envelope = Envelope.of("evt_01JD3Y8Z6K4Q9W2E5R7T1Y3U5N", type, EXAMPLE_WORKSPACE, EXAMPLE_TIME, data);
        return EventJson.read(envelope.payload(), JsonNode.class);
    }

    private static Map<String, Object> envelopeSchema(String type, Map<String, Object> data) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", Map.of("type", "string", "pattern", "^evt_"));
        properties.put("type", Map.of("const", type));
        properties.put("created_at", Map.of("type", "string", "format", "date-time"));
        properties.put("workspace_id", string());
        properties.put("data", data);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", type);
        schema.put("type", "object");
        schema.put("required", List.of("id", "type", "created_at", "workspace_id", "data"));
        schema.put("properties", properties);
        return schema;
    }

    private static Map<String, Object> object(Map<String, Object> properties) {
        return Map.of("type", "object", "properties", new java.util.TreeMap<>(properties));
    }

    private static Map<String, Object> string() {
        return Map.of("type", "string");
    }

    private static Map<String, Object> nullable(String type) {
        return Map.of("type", List.of(type, "null"));
    }
}
