package dev.herald.post.rest;

import java.util.List;

/** Body of {@code PATCH /v1/posts/{id}}: what is present changes, what is absent stays. */
public record UpdatePostRequest(String caption, List<String> accountIds, String scheduledAt, String timezone) {}
