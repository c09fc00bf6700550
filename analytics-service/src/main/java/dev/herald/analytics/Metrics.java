package dev.herald.analytics;

import dev.herald.events.MetricsReport;

/**
 * Herald's normalised metrics of a post or account at one time; each null where the platform has no such figure.
 * Engagement is likes + comments + shares + saves (clicks and views are reach, not engagement); the engagement rate
 * is engagement over impressions.
 */
public record Metrics(
        Long impressions,
        Long reach,
        Long likes,
        Long comments,
        Long shares,
        Long saves,
        Long clicks,
        Long videoViews,
        Long followers) {

    public static Metrics from(MetricsReport.Values values) {
        MetricsReport.Values v = values == null ? MetricsReport.Values.NONE : values;
        return new Metrics(
                v.impressions(),
                v.reach(),
                v.likes(),
                v.comments(),
                v.shares(),
                v.saves(),
                v.clicks(),
                v.videoViews(),
                v.followers());
    }

    public long engagement() {
        return zero(likes) + zero(comments) + zero(shares) + zero(saves);
    }

    /** Engagement per impression; null without impressions. */
    public Double engagementRate() {
        return rate(engagement(), impressions);
    }

    /** {@code engagement / impressions}, rounded to 4 decimals; null when impressions are unknown or zero. */
    public static Double rate(long engagement, Long impressions) {
        if (impressions == null || impressions == 0) {
            return null;
        }
        return Math.round(engagement * 10_000.0 / impressions) / 10_000.0;
    }

    /** {@code this - older} per metric, nulls counting as 0: what a newer sample adds to a rollup. */
    public long[] minus(Metrics older) {
        Metrics o = older == null ? new Metrics(null, null, null, null, null, null, null, null, null) : older;
        return new long[] {
            zero(impressions) - zero(o.impressions),
            zero(reach) - zero(o.reach),
            zero(likes) - zero(o.likes),
            zero(comments) - zero(o.comments),
            zero(shares) - zero(o.shares),
            zero(saves) - zero(o.saves),
            zero(clicks) - zero(o.clicks),
            zero(videoViews) - zero(o.videoViews),
            engagement() - o.engagement()
        };
    }

    private static long zero(Long value) {
        return value == null ? 0 : value;
    }
}
