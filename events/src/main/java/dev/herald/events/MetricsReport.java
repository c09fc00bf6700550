package dev.herald.events;

import java.time.Instant;

/**
 * The publisher's answer to a {@link MetricsRequest}, keyed by account id: the metrics under Herald's normalised
 * names (null where the platform has no such figure) and the platform's raw payload, or why there are none.
 *
 * @param status {@link #COLLECTED}, {@link #RATE_LIMITED} (try again at {@code retryAt}), {@link #UNSUPPORTED} (the
 *     platform or account cannot report metrics) or {@link #FAILED}
 * @param raw the platform's own answer as JSON text, for fidelity; null when nothing was collected
 */
public record MetricsReport(
        String workspaceId,
        String requestId,
        String slotId,
        String kind,
        String accountId,
        String platform,
        String postId,
        String destinationId,
        String platformPostId,
        String status,
        Values metrics,
        String raw,
        String errorCode,
        String errorMessage,
        Instant retryAt,
        Instant collectedAt) {

    public static final String COLLECTED = "collected";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String UNSUPPORTED = "unsupported";
    public static final String FAILED = "failed";

    /** The normalised metrics; each null where the platform does not report it. */
    public record Values(
            Long impressions,
            Long reach,
            Long likes,
            Long comments,
            Long shares,
            Long saves,
            Long clicks,
            Long videoViews,
            Long followers) {

        public static final Values NONE = new Values(null, null, null, null, null, null, null, null, null);
    }

    /** The answer to {@code request}, with its identifiers copied. */
    public static MetricsReport answering(
            MetricsRequest request,
            String status,
            Values metrics,
            String raw,
            String errorCode,
            String errorMessage,
            Instant retryAt,
            Instant collectedAt) {
        return new MetricsReport(
                request.workspaceId(),
                request.requestId(),
                request.slotId(),
                request.kind(),
                request.accountId(),
                request.platform(),
                request.postId(),
                request.destinationId(),
                request.platformPostId(),
                status,
                metrics,
                raw,
                errorCode,
                errorMessage,
                retryAt,
                collectedAt);
    }
}
