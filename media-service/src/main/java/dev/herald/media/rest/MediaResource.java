package dev.herald.media.rest;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.security.Caller;
import dev.herald.media.MediaItem;
import dev.herald.media.service.MediaService;

/** The public media API (reading; uploads come with the media issue). */
@Path("/v1/media")
@Produces(MediaType.APPLICATION_JSON)
public class MediaResource {

    private final MediaService media;
    private final Caller caller;

    public MediaResource(MediaService media, Caller caller) {
        this.media = media;
        this.caller = caller;
    }

    @GET
    public Page list(@QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > 100) {
            throw ApiException.invalid(
                    "limit must be between 1 and 100.",
                    List.of(new ApiError.Detail("limit", "out_of_range", "Use 1 to 100.")));
        }
        List<MediaItem> page = media.list(caller.workspaceId(), cursor, limit + 1);
        boolean hasMore = page.size() > limit;
        List<MediaItem> shown = hasMore ? page.subList(0, limit) : page;
        return new Page(
                shown.stream().map(Item::from).toList(),
                hasMore,
                hasMore ? shown.get(shown.size() - 1).id() : null);
    }

    @GET
    @Path("/{id}")
    public Item get(@PathParam("id") String id) {
        return Item.from(media.get(caller.workspaceId(), id));
    }

    /** A media item. */
    public record Item(
            String id,
            String object,
            String status,
            String contentType,
            Long sizeBytes,
            String errorCode,
            Instant createdAt) {

        static Item from(MediaItem item) {
            return new Item(
                    item.id(),
                    "media",
                    item.status(),
                    item.contentType(),
                    item.sizeBytes(),
                    item.errorCode(),
                    item.createdAt());
        }
    }

    /** A page of media items. */
    public record Page(List<Item> data, boolean hasMore, String nextCursor) {}
}
