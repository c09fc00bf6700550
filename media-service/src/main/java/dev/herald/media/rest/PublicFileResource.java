package dev.herald.media.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.common.annotation.Blocking;

import dev.herald.media.service.MediaService;

/**
 * Signed public URLs ({@code herald.media.public-urls.base-url}/media-files/…) that Instagram, Threads, Pinterest or
 * TikTok fetch: exactly one file, until the URL expires; unguessable (HMAC-signed) and needing no key.
 */
@Path("/media-files/{token}")
public class PublicFileResource {

    private final MediaService media;

    public PublicFileResource(MediaService media) {
        this.media = media;
    }

    @GET
    @Blocking
    @Produces(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response get(@PathParam("token") String token) {
        return Streams.send(media.openPublic(token));
    }
}
