package dev.herald.media.rest;

import java.time.Instant;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;
import dev.herald.media.MediaItem;
import dev.herald.media.service.MediaService;

/** The public media API (reading; uploads come with the media issue). */
@Path("/v1/media")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Media", description = "Images and videos to attach to posts.")
public class MediaResource {

    private final MediaService media;
    private final Caller caller;

    public MediaResource(MediaService media, Caller caller) {
        this.media = media;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List media", description = "Oldest first.")
    public Page<Item> list(@QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("cursor") String cursor) {
        Page.checkLimit(limit);
        return Page.of(media.list(caller.workspaceId(), cursor, limit + 1), limit, Item::from, MediaItem::id);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a media item")
    public Item get(@PathParam("id") String id) {
        return Item.from(media.get(caller.workspaceId(), id));
    }

    /** A media item. */
    @Schema(name = "Media")
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
}
