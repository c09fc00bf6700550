package dev.herald.media.rest;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.common.annotation.Blocking;

import dev.herald.kit.security.Caller;
import dev.herald.media.service.MediaService;

/**
 * For other Herald services, never routed by the gateway: the publisher streams a file's bytes from here, or asks for
 * a signed public URL for platforms that pull media. Only service tokens open it (service-kit's
 * {@code InternalTokenTenants}): signed with the service key, for media-service, naming the workspace.
 */
@Path("/internal/media/{id}")
public class InternalMediaResource {

    private final MediaService media;
    private final Caller caller;

    public InternalMediaResource(MediaService media, Caller caller) {
        this.media = media;
        this.caller = caller;
    }

    /** What the publisher needs before sending: type, size, dimensions, duration, alt text, status. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public MediaResponse describe(@PathParam("id") String id) {
        return MediaResponse.from(media.get(caller.workspaceId(), id));
    }

    @GET
    @Path("/content")
    @Blocking
    @Produces(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response content(@PathParam("id") String id) {
        return Streams.send(media.open(caller.workspaceId(), id));
    }

    /** A signed public URL and when it stops working. */
    public record PublicUrlResponse(String url, Instant expiresAt) {}

    @POST
    @Path("/public-url")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public PublicUrlResponse publicUrl(@PathParam("id") String id) {
        MediaService.PublicUrl url = media.publicUrl(caller.workspaceId(), id);
        return new PublicUrlResponse(url.url(), url.expiresAt());
    }
}
