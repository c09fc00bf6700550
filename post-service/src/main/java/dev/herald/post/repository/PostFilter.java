package dev.herald.post.repository;

import java.time.Instant;

/** Filters of {@code GET /v1/posts}; {@code null} means "any". */
public record PostFilter(
        String status,
        String platform,
        String accountId,
        String externalId,
        Instant scheduledFrom,
        Instant scheduledTo,
        Instant createdFrom,
        Instant createdTo) {}
