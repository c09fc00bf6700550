package dev.herald.publisher.connector.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.herald.events.EventJson;
import dev.herald.events.MetricsReport;

/**
 * The sandbox platform's metrics: deterministic and plausible, so tests can compute them by hand. A post's base is
 * {@code 100 + floorMod(platformPostId.hashCode(), 100)}; its impressions grow by that base every whole hour since
 * publishing (for at most 30 days): {@code base × (1 + hours)}; reach is 4/5 of them, likes 1/20, comments 1/100,
 * shares 1/50, saves 1/200, clicks 1/40 (integer division); no video views. An account has
 * {@code 1000 + floorMod(accountId.hashCode(), 1000)} followers when connected and 10 more each whole day since.
 */
public final class SandboxMetrics {

    /** In a caption: the first metrics request of the post gets a 429 with {@code Retry-After: 2}. */
    public static final String RATE_LIMIT_MARKER = "[sandbox:metrics-429]";

    static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final long MAX_HOURS = 30 * 24;

    private SandboxMetrics() {}

    /** A sandbox post's metrics at {@code at}. */
    public static MetricsReport.Values post(String platformPostId, Instant publishedAt, Instant at) {
        long base = 100 + Math.floorMod(platformPostId.hashCode(), 100);
        long hours = Math.min(
                MAX_HOURS, Math.max(0, Duration.between(publishedAt, at).toHours()));
        long impressions = base * (1 + hours);
        return new MetricsReport.Values(
                impressions,
                impressions * 4 / 5,
                impressions / 20,
                impressions / 100,
                impressions / 50,
                impressions / 200,
                impressions / 40,
                null,
                null);
    }

    /** A sandbox account's metrics at {@code at}: only followers. */
    public static MetricsReport.Values account(String accountId, Instant connectedAt, Instant at) {
        long days = Math.max(0, Duration.between(connectedAt, at).toDays());
        long followers = 1000 + Math.floorMod(accountId.hashCode(), 1000) + 10 * days;
        return new MetricsReport.Values(null, null, null, null, null, null, null, null, followers);
    }

    /** The sandbox's own answer, in its own names (as a real platform's would be), for the raw payload. */
    static String raw(String id, MetricsReport.Values values) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("views", values.impressions());
        metrics.put("unique_viewers", values.reach());
        metrics.put("hearts", values.likes());
        metrics.put("replies", values.comments());
        metrics.put("reposts", values.shares());
        metrics.put("bookmarks", values.saves());
        metrics.put("link_clicks", values.clicks());
        metrics.put("followers", values.followers());
        metrics.values().removeIf(java.util.Objects::isNull);
        return EventJson.write(Map.of("id", id, "metrics", metrics));
    }
}
