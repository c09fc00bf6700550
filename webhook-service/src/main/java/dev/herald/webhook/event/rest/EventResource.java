package dev.herald.webhook.event.rest;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;
import dev.herald.webhook.config.WebhookConfig;
import dev.herald.webhook.event.EventCatalogue;
import dev.herald.webhook.event.repository.EventFeedRepository;

/** The event catalogue and the pull feed of a workspace's events. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "What Herald announces, by webhook or by pulling the feed.")
public class EventResource {

    private final EventFeedRepository feed;
    private final Caller caller;
    private final WebhookConfig config;
    private final ObjectMapper json;

    public EventResource(EventFeedRepository feed, Caller caller, WebhookConfig config, ObjectMapper json) {
        this.feed = feed;
        this.caller = caller;
        this.config = config;
        this.json = json;
    }

    /** One catalogue entry. */
    public record EventTypeResponse(String type, String description, Object schema, JsonNode example) {}

    /** The catalogue is short: one page. */
    public record Catalogue(List<EventTypeResponse> data, boolean hasMore) {}

    /**
     * One page of the feed, the same {@code {data, has_more, next_cursor}} as {@link Page}: its own type so the spec
     * and the SDKs name it EventPage rather than the generic PageJsonNode.
     */
    public record EventPage(List<JsonNode> data, boolean hasMore, String nextCursor) {}

    @GET
    @Path("/event-types")
    @Operation(
            operationId = "listEventTypes",
            summary = "List event types",
            description = "Every event type with a JSON Schema and an example.")
    public Catalogue eventTypes() {
        return new Catalogue(
                EventCatalogue.all().stream()
                        .map(t -> new EventTypeResponse(t.type(), t.description(), t.schema(), t.example()))
                        .toList(),
                false);
    }

    @GET
    @Path("/events")
    @Operation(
            operationId = "listEvents",
            summary = "Pull the workspace's events",
            description = "The events webhooks carry, same payloads, oldest first, kept at least 30 days: keep"
                    + " `next_cursor` and ask again to catch up without webhooks or after an outage. An event appears"
                    + " here a few seconds after it happened. Filter with `type`.")
    public EventPage events(
            @QueryParam("cursor") String cursor,
            @QueryParam("type") String type,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        Page.checkLimit(limit);
        long after = cursor(cursor);
        List<EventFeedRepository.Entry> entries =
                feed.page(caller.workspaceId(), type, after, Instant.now().minus(config.feedSettleTime()), limit + 1);
        boolean hasMore = entries.size() > limit;
        List<EventFeedRepository.Entry> shown = hasMore ? entries.subList(0, limit) : entries;
        // Without more, the cursor still moves past what was shown, so the next call asks only for what is new.
        String next = shown.isEmpty()
                ? cursor
                : Long.toString(shown.get(shown.size() - 1).seq());
        return new EventPage(shown.stream().map(this::tree).toList(), hasMore, next);
    }

    private JsonNode tree(EventFeedRepository.Entry entry) {
        try {
            return json.readTree(entry.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event is not JSON", e);
        }
    }

    private static long cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(cursor);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(
                    "Invalid cursor.",
                    List.of(new ApiError.Detail("cursor", "invalid_cursor", "Use next_cursor from a previous page.")));
        }
    }
}
