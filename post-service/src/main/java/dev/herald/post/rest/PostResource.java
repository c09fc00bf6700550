package dev.herald.post.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.idempotency.IdempotentRequests;
import dev.herald.kit.idempotency.IdempotentResult;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;
import dev.herald.post.Post;
import dev.herald.post.config.PostConfig;
import dev.herald.post.repository.PostFilter;
import dev.herald.post.service.MediaImports;
import dev.herald.post.service.PostService;

/** The public posts API. */
@Path("/v1/posts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Posts", description = "Create, schedule, edit, publish and follow posts to many networks at once.")
public class PostResource {

    // The bodies are read as text (the Idempotency-Key compares the exact JSON), so their schemas are declared here.
    private static final String CREATE_EXAMPLE = """
            {"caption": "Our spring collection is live!", "account_ids": ["acct_01JD3Y8Z6K4Q9W2E5R7T1Y3U5I"],
             "scheduled_at": "2026-12-01T09:00:00", "timezone": "Europe/Paris",
             "link": "https://example.com/spring", "metadata": {"campaign": "spring"}}""";
    private static final String CREATE_NOW_EXAMPLE = """
            {"caption": "Hello from Herald", "platforms": ["x", "bluesky"],
             "first_comment": "More at https://example.com", "external_id": "cms-4711"}""";
    private static final String IDEMPOTENCY_KEY_DESCRIPTION =
            "Makes the call safe to retry: 1-255 visible ASCII characters, kept 48 h per workspace. The same key with"
                    + " the same body returns the first response with `Idempotent-Replayed: true`.";

    private final PostService posts;
    private final Caller caller;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;
    private final int maxBulkPosts;
    private final MediaImports imports;

    public PostResource(
            PostService posts,
            Caller caller,
            IdempotentRequests idempotency,
            ObjectMapper json,
            PostConfig config,
            MediaImports imports) {
        this.posts = posts;
        this.imports = imports;
        this.caller = caller;
        this.idempotency = idempotency;
        this.json = json;
        this.maxBulkPosts = config.maxBulkPosts();
    }

    @POST
    @Operation(
            operationId = "createPost",
            summary = "Create a post",
            description = "Stores the post and one destination per targeted account; a post due now is queued for"
                    + " publishing in the same transaction.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CreatePostRequest.class),
                            examples = {
                                @ExampleObject(
                                        name = "scheduled",
                                        summary = "Scheduled at a local time in a time zone",
                                        value = CREATE_EXAMPLE),
                                @ExampleObject(
                                        name = "now",
                                        summary = "Published now to every connected X and Bluesky account",
                                        value = CREATE_NOW_EXAMPLE)
                            }))
    @APIResponse(
            responseCode = "201",
            description = "The post with its destinations",
            content = @Content(schema = @Schema(implementation = PostResponse.class)))
    @APIResponse(
            responseCode = "409",
            description = "A request with this Idempotency-Key is still running (idempotency_request_in_progress)")
    @APIResponse(
            responseCode = "422",
            description = "This Idempotency-Key was used with another body (idempotency_key_reused)")
    public Response create(
            @Parameter(description = IDEMPOTENCY_KEY_DESCRIPTION) @HeaderParam(IdempotentRequests.HEADER)
                    String idempotencyKey,
            String body)
            throws JsonProcessingException {
        String workspace = caller.workspaceId();
        String mode = caller.mode();
        // Imports are fetched and processed before the create's transaction, which would otherwise wait on them.
        CreatePostRequest request =
                imports.resolve(workspace, mode, idempotencyKey, parse(body, CreatePostRequest.class));
        return idempotency.run(workspace, idempotencyKey, "POST /v1/posts", body, () -> {
            PostResponse created = PostResponse.from(posts.create(workspace, mode, request));
            return IdempotentResult.created(created, "/v1/posts/" + created.id());
        });
    }

    /**
     * Creates up to {@code herald.post.max-bulk-posts} posts, each in its own transaction: one refused item does not
     * stop the others. With an {@code Idempotency-Key}, item {@code i} is idempotent under {@code <key>#<i>}.
     */
    @POST
    @Path("/bulk")
    @Operation(
            operationId = "createPostsInBulk",
            summary = "Create up to 100 posts",
            description = "Each item is created (or refused) in its own transaction; with an Idempotency-Key `K`,"
                    + " item `i` is idempotent under `K#i`.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BulkPostRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "two",
                                            value = "{\"posts\": [" + CREATE_NOW_EXAMPLE + ", " + CREATE_EXAMPLE
                                                    + "]}")))
    @APIResponse(
            responseCode = "200",
            description = "One outcome per item, in request order",
            content = @Content(schema = @Schema(implementation = BulkPostResponse.class)))
    public BulkPostResponse bulk(
            @Parameter(description = IDEMPOTENCY_KEY_DESCRIPTION) @HeaderParam(IdempotentRequests.HEADER)
                    String idempotencyKey,
            String body)
            throws JsonProcessingException {
        BulkPostRequest request = parse(body, BulkPostRequest.class);
        if (request.posts() == null
                || request.posts().isEmpty()
                || request.posts().size() > maxBulkPosts) {
            throw ApiException.invalid(
                    "posts must hold 1 to " + maxBulkPosts + " posts.",
                    List.of(new ApiError.Detail("posts", "out_of_range", "1 to " + maxBulkPosts + " posts.")));
        }
        String workspace = caller.workspaceId();
        String mode = caller.mode();
        List<BulkPostResponse.Item> items = new ArrayList<>();
        for (int i = 0; i < request.posts().size(); i++) {
            CreatePostRequest asked = request.posts().get(i);
            String itemKey = idempotencyKey == null ? null : idempotencyKey + "#" + i;
            try {
                CreatePostRequest item = imports.resolve(workspace, mode, itemKey, asked);
                Response created = idempotency.run(
                        workspace,
                        itemKey,
                        "POST /v1/posts",
                        json.writeValueAsString(asked),
                        () -> IdempotentResult.created(PostResponse.from(posts.create(workspace, mode, item)), null));
                items.add(new BulkPostResponse.Item(i, created.getStatus(), (String) created.getEntity(), null));
            } catch (ApiException e) {
                items.add(new BulkPostResponse.Item(
                        i,
                        e.status(),
                        null,
                        new ApiError.Body(e.code(), e.getMessage(), e.details().isEmpty() ? null : e.details(), null)));
            }
        }
        int created = (int) items.stream().filter(item -> item.status() == 201).count();
        return new BulkPostResponse(items, created, items.size() - created);
    }

    @GET
    @Operation(operationId = "listPosts", summary = "List posts", description = "Newest first; filters combine.")
    public Page<PostResponse> list(
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("status") String status,
            @QueryParam("platform") String platform,
            @QueryParam("account_id") String accountId,
            @QueryParam("external_id") String externalId,
            @QueryParam("scheduled_from") String scheduledFrom,
            @QueryParam("scheduled_to") String scheduledTo,
            @QueryParam("created_from") String createdFrom,
            @QueryParam("created_to") String createdTo) {
        Page.checkLimit(limit);
        PostFilter filter = new PostFilter(
                status,
                platform,
                accountId,
                externalId,
                time("scheduled_from", scheduledFrom),
                time("scheduled_to", scheduledTo),
                time("created_from", createdFrom),
                time("created_to", createdTo));
        List<Post> page = posts.list(caller.workspaceId(), filter, cursor, limit + 1);
        return Page.of(page, limit, PostResponse::from, Post::id);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getPost", summary = "Get a post with its destinations")
    public PostResponse get(@PathParam("id") String id) {
        return PostResponse.from(posts.get(caller.workspaceId(), id));
    }

    @GET
    @Path("/{id}/results")
    @Operation(operationId = "getPostResults", summary = "Per-destination outcome of a post")
    public Results results(@PathParam("id") String id) {
        Post post = posts.get(caller.workspaceId(), id);
        return new Results(
                post.id(),
                post.status(),
                post.destinations().stream()
                        .map(PostResponse.DestinationResponse::from)
                        .toList());
    }

    @PATCH
    @Path("/{id}")
    @Operation(
            operationId = "updatePost",
            summary = "Edit a post",
            description = "A present field replaces, an absent one keeps, an empty one (`\"\"`, `[]`, `{}`) clears."
                    + " Only while no destination has reached the publisher.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UpdatePostRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "reschedule",
                                            value = "{\"caption\": \"Updated caption\","
                                                    + " \"scheduled_at\": \"2026-12-02T09:00:00Z\","
                                                    + " \"first_comment\": \"\"}")))
    @APIResponse(
            responseCode = "200",
            description = "The edited post",
            content = @Content(schema = @Schema(implementation = PostResponse.class)))
    @APIResponse(responseCode = "409", description = "A destination has reached the publisher (post_not_editable)")
    public PostResponse update(@PathParam("id") String id, String body) throws JsonProcessingException {
        UpdatePostRequest request = parse(body, UpdatePostRequest.class);
        return PostResponse.from(posts.update(caller.workspaceId(), caller.mode(), id, request));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "cancelPost", summary = "Cancel a post")
    @APIResponse(
            responseCode = "200",
            description = "The canceled post",
            content = @Content(schema = @Schema(implementation = PostResponse.class)))
    @APIResponse(responseCode = "409", description = "A destination is queued or published (post_not_cancelable)")
    public PostResponse cancel(@PathParam("id") String id) {
        return PostResponse.from(posts.cancel(caller.workspaceId(), id));
    }

    @POST
    @Path("/{id}/publish")
    @Operation(operationId = "publishPost", summary = "Publish a draft or scheduled post now")
    @APIResponse(
            responseCode = "200",
            description = "The post, now publishing",
            content = @Content(schema = @Schema(implementation = PostResponse.class)))
    @APIResponse(responseCode = "409", description = "A destination has reached the publisher (post_not_editable)")
    public PostResponse publish(@PathParam("id") String id) {
        return PostResponse.from(posts.publishNow(caller.workspaceId(), id));
    }

    @POST
    @Path("/{id}/retry")
    @Operation(operationId = "retryPost", summary = "Re-queue the failed destinations of a post")
    @APIResponse(
            responseCode = "200",
            description = "What was re-queued (nothing when no destination failed)",
            content = @Content(schema = @Schema(implementation = RetryResponse.class)))
    public RetryResponse retry(@PathParam("id") String id) {
        PostService.Retried retried = posts.retry(caller.workspaceId(), id);
        return new RetryResponse(
                retried.destinations().size(),
                retried.destinations().stream()
                        .map(PostResponse.DestinationResponse::from)
                        .toList(),
                PostResponse.from(retried.post()));
    }

    @POST
    @Path("/validate")
    @Operation(
            operationId = "validatePost",
            summary = "Check a post without storing it",
            description = "Every problem at once, per destination, against each network's limits.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CreatePostRequest.class),
                            examples = @ExampleObject(name = "scheduled", value = CREATE_EXAMPLE)))
    public ValidationResponse validate(String body) throws JsonProcessingException {
        var problems = posts.validate(caller.workspaceId(), caller.mode(), parse(body, CreatePostRequest.class))
                .problems();
        return new ValidationResponse(problems.isEmpty(), problems);
    }

    private <T> T parse(String body, Class<T> type) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        return json.readValue(body, type);
    }

    private static Instant time(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    field + " is not an ISO-8601 time with offset.",
                    List.of(new ApiError.Detail(field, "invalid_datetime", "e.g. 2026-12-01T00:00:00Z")));
        }
    }

    /** Per-destination outcome of a post. */
    @Schema(name = "PostResults")
    public record Results(String postId, String status, List<PostResponse.DestinationResponse> results) {}

    /** What a retry re-queued. */
    public record RetryResponse(int retriedCount, List<PostResponse.DestinationResponse> retried, PostResponse post) {}
}
