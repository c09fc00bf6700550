package dev.herald.post.rest;

import java.util.List;

/** Body of {@code POST /v1/posts/bulk}: up to 100 posts, each created (or refused) on its own. */
public record BulkPostRequest(List<CreatePostRequest> posts) {}
