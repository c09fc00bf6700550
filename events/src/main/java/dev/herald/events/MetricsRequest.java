package dev.herald.events;

import java.time.Instant;

/**
 * Analytics-service asks the publisher (which holds the credentials) to collect one metrics slot: a platform post's
 * metrics at one point of its decaying schedule, or an account's daily metrics. Keyed by account id. The publisher
 * answers with a {@link MetricsReport} carrying the same {@code requestId}.
 *
 * @param requestId the slot id and the attempt ({@code mslot_…:2}): a re-request after a lost answer has a new one
 * @param slotId the slot this request collects; one sample at most is stored per slot
 * @param kind {@link #POST} or {@link #ACCOUNT}
 * @param slot the slot's label: {@code 15m}, {@code 1h}, …, {@code refresh-…} for a post, the day for an account
 * @param attempt 1 for the first request of the slot, incremented by each re-request (lease expiry, rate limit)
 */
public record MetricsRequest(
        String workspaceId,
        String requestId,
        String slotId,
        String kind,
        String accountId,
        String platform,
        String postId,
        String destinationId,
        String platformPostId,
        Instant publishedAt,
        String slot,
        int attempt,
        Instant dueAt,
        Instant requestedAt) {

    public static final String POST = "post";
    public static final String ACCOUNT = "account";
}
