package dev.herald.publisher.connector;

import java.time.Duration;
import java.time.Instant;

/**
 * What a platform said about one publish call.
 *
 * @param retryAfter for {@link Kind#RETRYABLE}: how long the platform asked to wait ({@code Retry-After}), or null;
 *     for {@link Kind#DEFERRED}: how long to wait before sending again
 */
public record PublishOutcome(
        Kind kind,
        String platformPostId,
        String permalink,
        Instant publishedAt,
        String errorCode,
        String errorMessage,
        Duration retryAfter) {

    /** The error code of a platform's 429: one account's quota, not a sign that the platform is unwell. */
    public static final String RATE_LIMITED = "rate_limited";

    /**
     * Published; failed for good (4xx validation, revoked token: retrying cannot help); retryable (5xx, 429,
     * a network error before the request was sent: the post certainly does not exist on the platform); or deferred
     * (Herald did not call the platform: its circuit breaker is open or its bulkhead full — no attempt was used).
     */
    public enum Kind {
        PUBLISHED,
        FAILED,
        RETRYABLE,
        DEFERRED
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

    public static PublishOutcome deferred(String errorCode, String errorMessage, Duration wait) {
        return new PublishOutcome(Kind.DEFERRED, null, null, null, errorCode, errorMessage, wait);
    }

    /** Counts against the platform's circuit breaker: the platform is failing, not this one request or account. */
    public boolean isPlatformTrouble() {
        return kind == Kind.RETRYABLE && !RATE_LIMITED.equals(errorCode);
    }
}
