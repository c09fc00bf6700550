package dev.herald.events;

import java.time.Instant;

/**
 * The outcome of one publish attempt for one destination.
 *
 * @param status
 *            {@link #PUBLISHED}, {@link #FAILED} or {@link #RETRYING}
 * @param nextRetryAt
 *            when {@code status} is {@link #RETRYING}: when the destination is
 *            due again
 */
public record PublishResult(
        String workspaceId,
        String postId,
        String destinationId,
        String accountId,
        String platform,
        String status,
        String platformPostId,
        String permalink,
        String errorCode,
        String errorMessage,
        int attempt,
        Instant publishedAt,
        Instant nextRetryAt,
        Instant occurredAt) {

    public static final String PUBLISHED = "published";
    public static final String FAILED = "failed";
    public static final String RETRYING = "retrying";
}
