package dev.herald.post.health;

import java.time.Instant;

/**
 * {@code GET /v1/health/publishing}: whether the workspace's posts go out on time, so a stuck post is seen without
 * looking for it.
 *
 * @param status {@code ok}, or {@code delayed} while a destination is overdue
 */
public record PublishingHealth(
        String object, String status, Instant checkedAt, Overdue overdue, Lag lagLastHour, Publisher publisher) {

    /** Destinations past due (by more than a minute) and not yet with the platform. */
    public record Overdue(long count, OldestOverdue oldest) {}

    /** The longest-waiting overdue destination. */
    public record OldestOverdue(
            String destinationId,
            String postId,
            String accountId,
            String platform,
            String status,
            Instant dueAt,
            long lateBySeconds) {}

    /** Due (or created, for publish-now posts) to published, for destinations published in the last hour. */
    public record Lag(long published, Double p50Seconds, Double p99Seconds, Double maxSeconds) {}

    /**
     * Whether publishers are alive: their heartbeats (instances heard from in the last 30 s, and what they are
     * working on) and the last result.
     */
    public record Publisher(Instant lastResultAt, Instant lastHeartbeatAt, int instancesAlive, int inFlight) {}
}
