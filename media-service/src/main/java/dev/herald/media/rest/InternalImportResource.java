package dev.herald.media.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.idempotency.IdempotentRequests;
import dev.herald.kit.idempotency.IdempotentResult;
import dev.herald.kit.security.Caller;
import dev.herald.media.MediaItem;
import dev.herald.media.service.MediaService;

/**
 * Imports for other Herald services (the post-service importing a post's {@code media: [{url}]}): the public import,
 * with the mode named by the caller (a service token has none of its own) and the caller's Idempotency-Key, so that a
 * retried post imports each file once.
 */
@Path("/internal/media/import")
public class InternalImportResource {

    private static final int MAX_ALT_TEXT = 1_500;

    private final MediaService media;
    private final Caller caller;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;

    public InternalImportResource(
            MediaService media, Caller caller, IdempotentRequests idempotency, ObjectMapper json) {
        this.media = media;
        this.caller = caller;
        this.idempotency = idempotency;
        this.json = json;
    }

    /** @param mode the post's mode: {@code live} imports only over https */
    public record InternalImportRequest(String url, String altText, String mode) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response importFrom(@HeaderParam(IdempotentRequests.HEADER) String idempotencyKey, String body)
            throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        InternalImportRequest request = json.readValue(body, InternalImportRequest.class);
        if (request.url() == null || request.url().isBlank()) {
            throw ApiException.invalid("url is required.", List.of(new ApiError.Detail("url", "required", "A URL.")));
        }
        if (request.altText() != null && request.altText().length() > MAX_ALT_TEXT) {
            throw ApiException.invalid(
                    "alt_text is too long.",
                    List.of(new ApiError.Detail("alt_text", "too_long", "At most " + MAX_ALT_TEXT + " characters.")));
        }
        String workspace = caller.workspaceId();
        boolean live = !"test".equals(request.mode());
        return idempotency.run(workspace, idempotencyKey, "POST /internal/media/import", body, () -> {
            MediaItem item = media.importFrom(workspace, request.url(), live, request.altText());
            return IdempotentResult.created(MediaResponse.from(item), "/v1/media/" + item.id());
        });
    }
}
