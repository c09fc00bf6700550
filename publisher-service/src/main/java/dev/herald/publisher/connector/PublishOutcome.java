package dev.herald.publisher.connector;

import java.time.Duration;
import java.time.Instant;

/**
 * What a platform said about one publish call.
 *
 * @param retryAfter for {@link Kind#RETRYABLE}: how long the platform asked to wait ({@code Retry-After}), or null
 */
public record PublishOutcome(
        Kind kind,
        String platformPostId,
        String permalink,
        Instant publishedAt,
        String errorCode,
        String errorMessage,
        Duration retryAfter) {

    /**
     * Published; failed for good (4xx validation, revoked token: retrying cannot help); or retryable (5xx, 429,
     * a network error before the request was sent: the post certainly does not exist on the platform).
     */
    public enum Kind {
        PUBLISHED,
        FAILED,
        RETRYABLE
    }

    public static PublishOutcome published(String platformPostId, String permalink, Instant publishedAt) {
        return new PublishOutcome(Kind.PUBLISHED, platformPostId, permalink, publishedAt, null, null, null);
    }

    public static PublishOutcome failed(String errorCode, String errorMessage) {
        return new PublishOutcome(Kind.FAILED, null, null, null, errorCode, errorMessage, null);
    }

    public static PublishOutcome retryable(String errorCode, String errorMessage, Duration retryAfter) {
        return new PublishOutcome(Kind.RETRYABLE, null, null, null, errorCode, errorMessage, retryAfter);
    }
}
