package dev.herald.media.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.idempotency.IdempotentRequests;
import dev.herald.kit.idempotency.IdempotentResult;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;
import dev.herald.media.MediaItem;
import dev.herald.media.config.MediaConfig;
import dev.herald.media.service.MediaService;

/** The public media API: three ways in (multipart, upload URL, import), reading, thumbnails and deleting. */
@Path("/v1/media")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Media", description = "Images and videos to attach to posts.")
public class MediaResource {

    private static final int MAX_ALT_TEXT = 1_500;

    private final MediaService media;
    private final Caller caller;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;
    private final String uploadBase;

    public MediaResource(
            MediaService media, Caller caller, IdempotentRequests idempotency, ObjectMapper json, MediaConfig config) {
        this.media = media;
        this.caller = caller;
        this.idempotency = idempotency;
        this.json = json;
        this.uploadBase = config.uploads().baseUrl().replaceAll("/+$", "");
    }

    @GET
    @Operation(operationId = "listMedia", summary = "List media", description = "Oldest first.")
    public Page<MediaResponse> list(
            @QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("cursor") String cursor) {
        Page.checkLimit(limit);
        return Page.of(media.list(caller.workspaceId(), cursor, limit + 1), limit, MediaResponse::from, MediaItem::id);
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getMedia",
            summary = "Get a media item",
            description = "Status, measured metadata and per-platform compatibility.")
    public MediaResponse get(@PathParam("id") String id) {
        return MediaResponse.from(media.get(caller.workspaceId(), id));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            operationId = "uploadMedia",
            summary = "Upload a file",
            description = "Multipart form: `file` (required), `alt_text`, `filename`. Streamed to storage; processing"
                    + " is asynchronous (status `processing`, then `ready` or `failed`).")
    @APIResponse(
            responseCode = "201",
            description = "Stored; processing",
            content = @Content(schema = @Schema(implementation = MediaResponse.class)))
    @APIResponse(responseCode = "413", description = "Larger than the cap of its declared type (file_too_large)")
    public Response upload(
            @HeaderParam(IdempotentRequests.HEADER) String idempotencyKey,
            @RestForm("file") FileUpload file,
            @RestForm("alt_text") String altText,
            @RestForm("filename") String filename) {
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.invalid(
                    "A file is required.",
                    List.of(new ApiError.Detail("file", "required", "A multipart part 'file'.")));
        }
        checkAltText(altText);
        String workspace = caller.workspaceId();
        String name = filename != null && !filename.isBlank() ? filename : file.fileName();
        String fingerprint = name + "\n" + file.contentType() + "\n" + file.size() + "\n" + altText;
        return idempotency.run(workspace, idempotencyKey, "POST /v1/media", fingerprint, () -> {
            try (InputStream in = Files.newInputStream(file.uploadedFile())) {
                MediaItem item = media.upload(workspace, in, name, file.contentType(), altText);
                return IdempotentResult.created(MediaResponse.from(item), "/v1/media/" + item.id());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The body of an import. */
    @Schema(name = "ImportMediaRequest")
    public record ImportRequest(String url, String altText) {}

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "importMedia",
            summary = "Import a file from a URL",
            description = "https only in live mode; addresses that are not public are refused (SSRF guard), each of"
                    + " at most 3 redirects is checked again; the type comes from the bytes.")
    @APIResponse(
            responseCode = "201",
            description = "Fetched and stored; processing",
            content = @Content(schema = @Schema(implementation = MediaResponse.class)))
    @APIResponse(responseCode = "400", description = "The URL is refused (address_not_allowed, numeric_host, …)")
    @APIResponse(responseCode = "422", description = "The URL could not be fetched (import_failed, import_timeout, …)")
    public Response importFrom(@HeaderParam(IdempotentRequests.HEADER) String idempotencyKey, String body)
            throws JsonProcessingException {
        ImportRequest request = parse(body, ImportRequest.class);
        if (request.url() == null || request.url().isBlank()) {
            throw ApiException.invalid("url is required.", List.of(new ApiError.Detail("url", "required", "A URL.")));
        }
        checkAltText(request.altText());
        String workspace = caller.workspaceId();
        boolean live = !caller.testMode();
        return idempotency.run(workspace, idempotencyKey, "POST /v1/media/import", body, () -> {
            MediaItem item = media.importFrom(workspace, request.url(), live, request.altText());
            return IdempotentResult.created(MediaResponse.from(item), "/v1/media/" + item.id());
        });
    }

    /** The body of an upload URL request. */
    @Schema(name = "CreateUploadRequest")
    public record UploadRequest(String filename, String contentType, Long size) {}

    /** An upload URL: PUT exactly {@code size} bytes to it, then call {@code complete}. */
    @Schema(name = "Upload")
    public record UploadResponse(String mediaId, String uploadUrl, String method, Instant expiresAt) {}

    @POST
    @Path("/uploads")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createMediaUpload",
            summary = "Get a temporary upload URL",
            description = "PUT the file's bytes to `upload_url` (no API key: the URL is signed, single-use and"
                    + " expiring), then `POST /v1/media/{media_id}/complete`.")
    @APIResponse(
            responseCode = "201",
            description = "The URL",
            content = @Content(schema = @Schema(implementation = UploadResponse.class)))
    public Response createUpload(@HeaderParam(IdempotentRequests.HEADER) String idempotencyKey, String body)
            throws JsonProcessingException {
        UploadRequest request = parse(body, UploadRequest.class);
        String workspace = caller.workspaceId();
        return idempotency.run(workspace, idempotencyKey, "POST /v1/media/uploads", body, () -> {
            MediaService.UploadTicket ticket =
                    media.createUpload(workspace, request.filename(), request.contentType(), request.size());
            return IdempotentResult.created(
                    new UploadResponse(
                            ticket.item().id(),
                            ticket.directUrl() != null ? ticket.directUrl() : uploadBase + ticket.uploadPath(),
                            "PUT",
                            ticket.item().uploadExpiresAt()),
                    "/v1/media/" + ticket.item().id());
        });
    }

    @POST
    @Path("/{id}/complete")
    @Operation(
            operationId = "completeMediaUpload",
            summary = "Finish an upload",
            description = "Starts processing of the bytes PUT to the upload URL.")
    @APIResponse(
            responseCode = "200",
            description = "Processing",
            content = @Content(schema = @Schema(implementation = MediaResponse.class)))
    @APIResponse(responseCode = "409", description = "No bytes arrived yet (upload_incomplete)")
    public MediaResponse complete(@PathParam("id") String id) {
        return MediaResponse.from(media.complete(caller.workspaceId(), id));
    }

    @GET
    @Path("/{id}/thumbnail")
    @Produces("image/jpeg")
    @Operation(operationId = "getMediaThumbnail", summary = "Get a media item's thumbnail (JPEG)")
    @APIResponse(
            responseCode = "200",
            description = "The thumbnail",
            content = @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response thumbnail(@PathParam("id") String id) {
        return Streams.send(media.openThumbnail(caller.workspaceId(), id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteMedia", summary = "Delete a media item")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "Attached to a post that is not final yet (media_in_use)")
    public Response delete(@PathParam("id") String id) {
        media.delete(caller.workspaceId(), id);
        return Response.noContent().build();
    }

    private static void checkAltText(String altText) {
        if (altText != null && altText.length() > MAX_ALT_TEXT) {
            throw ApiException.invalid(
                    "alt_text is too long.",
                    List.of(new ApiError.Detail("alt_text", "too_long", "At most " + MAX_ALT_TEXT + " characters.")));
        }
    }

    private <T> T parse(String body, Class<T> type) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        return json.readValue(body, type);
    }
}
