package dev.herald.publisher.connector;

import java.time.Instant;

/** What a platform said about one publish call. */
public record PublishOutcome(
        Kind kind,
        String platformPostId,
        String permalink,
        Instant publishedAt,
        String errorCode,
        String errorMessage) {

    /** Published, or failed for good. */
    public enum Kind {
        PUBLISHED,
        FAILED
    }

    public static PublishOutcome published(String platformPostId, String permalink, Instant publishedAt) {
        return new PublishOutcome(Kind.PUBLISHED, platformPostId, permalink, publishedAt, null, null);
    }

    public static PublishOutcome failed(String errorCode, String errorMessage) {
        return new PublishOutcome(Kind.FAILED, null, null, null, errorCode, errorMessage);
    }
}
