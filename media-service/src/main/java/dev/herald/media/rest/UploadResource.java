package dev.herald.media.rest;

import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

import dev.herald.media.service.MediaService;

/**
 * The target of upload URLs: no API key and no internal token (the gateway forwards it as a public route); the
 * signed, single-use token in the path is the only credential. The body is read as a stream, never held whole.
 */
@Path("/v1/media/uploads/{token}")
@Tag(name = "Media")
public class UploadResource {

    private final MediaService media;

    public UploadResource(MediaService media) {
        this.media = media;
    }

    @PUT
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "putMediaUploadBytes",
            summary = "Upload the bytes to an upload URL",
            description = "No API key. Exactly the announced size; the URL works once and until it expires.")
    @APIResponse(responseCode = "204", description = "Received; now call complete")
    @APIResponse(responseCode = "400", description = "Not the announced size (size_mismatch)")
    @APIResponse(responseCode = "403", description = "Expired or forged URL (url_expired, invalid_signature)")
    @APIResponse(responseCode = "409", description = "The URL was already used (upload_already_used)")
    public Response put(
            @PathParam("token") String token, @HeaderParam("Content-Length") Long contentLength, InputStream body) {
        media.receive(token, contentLength, body);
        return Response.noContent().build();
    }
}
