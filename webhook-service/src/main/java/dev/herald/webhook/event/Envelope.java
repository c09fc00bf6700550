package dev.herald.webhook.event;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;

/**
 * An event as tenants receive it, through webhooks and the pull feed alike:
 * {@code {"id": "evt_…", "type", "created_at", "workspace_id", "data": {…}}}, {@code payload} being those exact bytes.
 */
public record Envelope(String id, String type, String workspaceId, Instant createdAt, String payload) {

    /** Events on the consumed topics that are Herald's own business, not the tenant's. */
    static final Set<String> INTERNAL = Set.of(
            EventTypes.POST_CREATED,
            EventTypes.POST_UPDATED,
            EventTypes.PUBLISH_REQUESTED,
            EventTypes.PUBLISH_RESULT,
            EventTypes.MEDIA_PROCESS_REQUESTED);

    /** Whether tenants get events of this type (unknown types do: they are mapped generically). */
    public static boolean forTenants(String type) {
        return type != null && !type.isBlank() && !INTERNAL.contains(type);
    }

    /** Builds the envelope around {@code data}, fields in the documented order. */
    public static Envelope of(String id, String type, String workspaceId, Instant createdAt, JsonNode data) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("type", type);
        node.put("created_at", createdAt.toString());
        node.put("workspace_id", workspaceId);
        node.set("data", data == null ? JsonNodeFactory.instance.objectNode() : data);
        return new Envelope(id, type, workspaceId, createdAt, node.toString());
    }

    /** Builds the envelope around any event record, written in the events' JSON shape. */
    public static Envelope of(String id, String type, String workspaceId, Instant createdAt, Object data) {
        return of(id, type, workspaceId, createdAt, EventJson.read(EventJson.write(data), JsonNode.class));
    }
}
