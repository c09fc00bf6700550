package dev.herald.client;

import java.util.stream.Stream;

import dev.herald.client.api.PostsApi;
import dev.herald.client.model.CreatePostRequest;
import dev.herald.client.model.PagePostResponse;
import dev.herald.client.model.Post;

/** {@code /v1/posts}: the generated {@link PostsApi} with Herald's errors, Idempotency-Key and pagination. */
public final class Posts {

    private final Herald herald;
    private final PostsApi api;

    Posts(Herald herald) {
        this.herald = herald;
        this.api = herald.api(PostsApi::new);
    }

    /** Creates a post; without an Idempotency-Key a retry after a lost response may create a second one. */
    public Post create(CreatePostRequest request) {
        return create(request, null);
    }

    /**
     * Creates a post once: the same key with the same body returns the first post; with another body Herald refuses
     * it ({@code 422 idempotency_key_reused}). Keys are kept 48 h.
     */
    public Post create(CreatePostRequest request, String idempotencyKey) {
        return herald.call(() -> api.createPost(request, idempotencyKey));
    }

    public Post get(String id) {
        return herald.call(() -> api.getPost(id));
    }

    /** The first page, newest first. */
    public PagePostResponse list(PostsQuery query) {
        return page(query, null);
    }

    /** Every post matching the query, newest first, fetched {@code limit} at a time as the stream is consumed. */
    public Stream<Post> all(PostsQuery query) {
        return Pages.stream(
                cursor -> page(query, cursor),
                PagePostResponse::getData,
                PagePostResponse::getHasMore,
                PagePostResponse::getNextCursor);
    }

    /** Cancels a post none of whose destinations is queued or published yet ({@code 409 post_not_cancelable}). */
    public Post cancel(String id) {
        return herald.call(() -> api.cancelPost(id));
    }

    /** The generated operation, for what the shortcuts do not cover (update, publish, retry, bulk, validate). */
    public PostsApi api() {
        return api;
    }

    private PagePostResponse page(PostsQuery q, String cursor) {
        return herald.call(() -> api.listPosts(
                q.accountId,
                q.createdFrom,
                q.createdTo,
                cursor,
                q.externalId,
                q.limit,
                q.platform,
                q.scheduledFrom,
                q.scheduledTo,
                q.status));
    }
}
