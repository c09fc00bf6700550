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
import dev.herald.post.service.PostService;

/** The public posts API. */
@Path("/v1/posts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PostResource {

    private final PostService posts;
    private final Caller caller;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;
    private final int maxBulkPosts;

    public PostResource(
            PostService posts, Caller caller, IdempotentRequests idempotency, ObjectMapper json, PostConfig config) {
        this.posts = posts;
        this.caller = caller;
        this.idempotency = idempotency;
        this.json = json;
        this.maxBulkPosts = config.maxBulkPosts();
    }

    @POST
    public Response create(@HeaderParam(IdempotentRequests.HEADER) String idempotencyKey, String body)
            throws JsonProcessingException {
        CreatePostRequest request = parse(body, CreatePostRequest.class);
        String workspace = caller.workspaceId();
        String mode = caller.mode();
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
    public BulkPostResponse bulk(@HeaderParam(IdempotentRequests.HEADER) String idempotencyKey, String body)
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
            CreatePostRequest item = request.posts().get(i);
            String itemKey = idempotencyKey == null ? null : idempotencyKey + "#" + i;
            try {
                Response created = idempotency.run(
                        workspace,
                        itemKey,
                        "POST /v1/posts",
                        json.writeValueAsString(item),
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
    public PostResponse get(@PathParam("id") String id) {
        return PostResponse.from(posts.get(caller.workspaceId(), id));
    }

    @GET
    @Path("/{id}/results")
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
    public PostResponse update(@PathParam("id") String id, String body) throws JsonProcessingException {
        UpdatePostRequest request = parse(body, UpdatePostRequest.class);
        return PostResponse.from(posts.update(caller.workspaceId(), caller.mode(), id, request));
    }

    @DELETE
    @Path("/{id}")
    public PostResponse cancel(@PathParam("id") String id) {
        return PostResponse.from(posts.cancel(caller.workspaceId(), id));
    }

    @POST
    @Path("/{id}/publish")
    public PostResponse publish(@PathParam("id") String id) {
        return PostResponse.from(posts.publishNow(caller.workspaceId(), id));
    }

    @POST
    @Path("/{id}/retry")
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
    public record Results(String postId, String status, List<PostResponse.DestinationResponse> results) {}

    /** What a retry re-queued. */
    public record RetryResponse(int retriedCount, List<PostResponse.DestinationResponse> retried, PostResponse post) {}
}
