package dev.herald.publisher.metrics;

import java.time.Duration;

import dev.herald.events.MetricsReport;

/**
 * What a platform said to one metrics call: the normalised metrics with the platform's raw answer, a rate limit (with
 * how long to wait, {@code Retry-After}), no metrics for this platform or account, or a failure.
 */
public record MetricsOutcome(
        Kind kind,
        MetricsReport.Values values,
        String raw,
        String errorCode,
        String errorMessage,
        Duration retryAfter) {

    /** The platform answered 5xx (or an answer Herald could not read): counts against its circuit breaker. */
    public static final String PLATFORM_ERROR = "platform_error";
    /** The platform could not be reached: counts against its circuit breaker. */
    public static final String PLATFORM_UNREACHABLE = "platform_unreachable";
    /** The platform's token was refused: the account needs reconnecting. */
    public static final String AUTH_EXPIRED = "auth_expired";
    /** The platform has no such post (deleted, or never there). */
    public static final String POST_NOT_FOUND = "post_not_found";

    /** Collected, rate-limited (try again later), unsupported (never), failed. */
    public enum Kind {
        COLLECTED,
        RATE_LIMITED,
        UNSUPPORTED,
        FAILED
    }

    public static MetricsOutcome collected(MetricsReport.Values values, String raw) {
        return new MetricsOutcome(Kind.COLLECTED, values, raw, null, null, null);
    }

    public static MetricsOutcome rateLimited(String message, Duration retryAfter) {
        return new MetricsOutcome(Kind.RATE_LIMITED, null, null, "rate_limited", message, retryAfter);
    }

    /**
     * Herald did not call the platform (its breaker is open or its bulkhead full): answered like a rate limit, so the
     * slot is asked for again after {@code wait}, with {@code errorCode} saying why.
     */
    public static MetricsOutcome deferred(String errorCode, String message, Duration wait) {
        return new MetricsOutcome(Kind.RATE_LIMITED, null, null, errorCode, message, wait);
    }

    public static MetricsOutcome unsupported(String message) {
        return new MetricsOutcome(Kind.UNSUPPORTED, null, null, "metrics_unsupported", message, null);
    }

    public static MetricsOutcome failed(String errorCode, String message) {
        return new MetricsOutcome(Kind.FAILED, null, null, errorCode, message, null);
    }

    /** Counts against the platform's circuit breaker: the platform is failing, not this one post or account. */
    public boolean isPlatformTrouble() {
        return kind == Kind.FAILED && (PLATFORM_ERROR.equals(errorCode) || PLATFORM_UNREACHABLE.equals(errorCode));
    }

    /** The report's status for this outcome. */
    public String status() {
        return switch (kind) {
            case COLLECTED -> MetricsReport.COLLECTED;
            case RATE_LIMITED -> MetricsReport.RATE_LIMITED;
            case UNSUPPORTED -> MetricsReport.UNSUPPORTED;
            case FAILED -> MetricsReport.FAILED;
        };
    }
}
