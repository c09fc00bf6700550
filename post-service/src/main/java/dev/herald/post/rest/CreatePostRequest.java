package dev.herald.post.rest;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Body of {@code POST /v1/posts}.
 *
 * @param scheduledAt ISO-8601 with offset; absent means publish now
 */
public record CreatePostRequest(String caption, List<String> accountIds, OffsetDateTime scheduledAt) {}
