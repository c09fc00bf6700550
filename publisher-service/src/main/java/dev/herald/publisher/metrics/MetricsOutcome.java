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

    public static MetricsOutcome unsupported(String message) {
        return new MetricsOutcome(Kind.UNSUPPORTED, null, null, "metrics_unsupported", message, null);
    }

    public static MetricsOutcome failed(String errorCode, String message) {
        return new MetricsOutcome(Kind.FAILED, null, null, errorCode, message, null);
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
