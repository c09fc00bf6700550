package dev.herald.analytics.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import dev.herald.analytics.MetricSlot;
import dev.herald.analytics.Metrics;

/**
 * The metric time series: post samples (with each destination's latest sample and the daily rollup kept in step) and
 * account days. Native SQL: these are set-based writes and aggregates that an ORM would only get in the way of.
 */
@ApplicationScoped
public class MetricSeriesRepository {

    private static final String METRIC_COLUMNS =
            "impressions, reach, likes, comments, shares, saves, clicks, video_views";

    private final EntityManager entityManager;

    public MetricSeriesRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** One sample of a post's series. */
    public record Sample(String destinationId, String slot, Instant collectedAt, Metrics metrics) {}

    /**
     * Stores a post sample unless the slot has one; a sample newer than the destination's latest replaces it and adds
     * its difference to the daily rollup. Returns whether the sample was new.
     */
    public boolean recordPostSample(MetricSlot slot, Metrics metrics, String rawJson, Instant collectedAt) {
        Instant publishedAt = slot.publishedAt() != null ? slot.publishedAt() : collectedAt;
        int inserted = withMetrics(
                        entityManager.createNativeQuery("INSERT INTO post_metric (destination_id, slot, workspace_id,"
                                + " post_id, account_id, platform, published_at, collected_at, " + METRIC_COLUMNS
                                + ", raw) VALUES (:destination, :slot, :workspace, :post, :account, :platform,"
                                + " :publishedAt, :collectedAt, :impressions, :reach, :likes, :comments, :shares,"
                                + " :saves, :clicks, :videoViews, CAST(:raw AS jsonb)) ON CONFLICT DO NOTHING"),
                        metrics)
                .setParameter("destination", slot.destinationId())
                .setParameter("slot", slot.slot())
                .setParameter("workspace", slot.workspaceId())
                .setParameter("post", slot.postId())
                .setParameter("account", slot.accountId())
                .setParameter("platform", slot.platform())
                .setParameter("publishedAt", publishedAt)
                .setParameter("collectedAt", collectedAt)
                .setParameter("raw", rawJson)
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> latest = entityManager
                .createNativeQuery("SELECT collected_at, " + METRIC_COLUMNS
                        + " FROM post_metric_latest WHERE destination_id = :destination FOR UPDATE")
                .setParameter("destination", slot.destinationId())
                .getResultList();
        long[] delta;
        long posts;
        if (latest.isEmpty()) {
            delta = metrics.minus(null);
            posts = 1;
            withMetrics(
                            entityManager.createNativeQuery("INSERT INTO post_metric_latest (destination_id,"
                                    + " workspace_id, post_id, account_id, platform, published_at, collected_at, "
                                    + METRIC_COLUMNS + ", engagement) VALUES (:destination, :workspace, :post,"
                                    + " :account, :platform, :publishedAt, :collectedAt, :impressions, :reach, :likes,"
                                    + " :comments, :shares, :saves, :clicks, :videoViews, :engagement)"),
                            metrics)
                    .setParameter("destination", slot.destinationId())
                    .setParameter("workspace", slot.workspaceId())
                    .setParameter("post", slot.postId())
                    .setParameter("account", slot.accountId())
                    .setParameter("platform", slot.platform())
                    .setParameter("publishedAt", publishedAt)
                    .setParameter("collectedAt", collectedAt)
                    .setParameter("engagement", metrics.engagement())
                    .executeUpdate();
        } else if (SqlValues.instant(latest.get(0)[0]).isBefore(collectedAt)) {
            delta = metrics.minus(metrics(latest.get(0), 1));
            posts = 0;
            withMetrics(
                            entityManager.createNativeQuery("UPDATE post_metric_latest SET collected_at = :collectedAt,"
                                    + " impressions = :impressions, reach = :reach, likes = :likes,"
                                    + " comments = :comments, shares = :shares, saves = :saves, clicks = :clicks,"
                                    + " video_views = :videoViews, engagement = :engagement"
                                    + " WHERE destination_id = :destination"),
                            metrics)
                    .setParameter("collectedAt", collectedAt)
                    .setParameter("engagement", metrics.engagement())
                    .setParameter("destination", slot.destinationId())
                    .executeUpdate();
        } else {
            return true; // an older slot answered late: part of the series, not the latest
        }
        entityManager
                .createNativeQuery(
                        "INSERT INTO post_metric_daily AS d (workspace_id, account_id, day, platform, posts, "
                                + METRIC_COLUMNS
                                + ", engagement) VALUES (:workspace, :account, :day, :platform, :posts,"
                                + " :d0, :d1, :d2, :d3, :d4, :d5, :d6, :d7, :d8)"
                                + " ON CONFLICT (workspace_id, account_id, day) DO UPDATE SET posts = d.posts + EXCLUDED.posts,"
                                + " impressions = d.impressions + EXCLUDED.impressions, reach = d.reach + EXCLUDED.reach,"
                                + " likes = d.likes + EXCLUDED.likes, comments = d.comments + EXCLUDED.comments,"
                                + " shares = d.shares + EXCLUDED.shares, saves = d.saves + EXCLUDED.saves,"
                                + " clicks = d.clicks + EXCLUDED.clicks, video_views = d.video_views + EXCLUDED.video_views,"
                                + " engagement = d.engagement + EXCLUDED.engagement")
                .setParameter("workspace", slot.workspaceId())
                .setParameter("account", slot.accountId())
                .setParameter("day", LocalDate.ofInstant(publishedAt, ZoneOffset.UTC))
                .setParameter("platform", slot.platform())
                .setParameter("posts", posts)
                .setParameter("d0", delta[0])
                .setParameter("d1", delta[1])
                .setParameter("d2", delta[2])
                .setParameter("d3", delta[3])
                .setParameter("d4", delta[4])
                .setParameter("d5", delta[5])
                .setParameter("d6", delta[6])
                .setParameter("d7", delta[7])
                .setParameter("d8", delta[8])
                .executeUpdate();
        return true;
    }

    /** Stores an account's metrics of one day unless that day has them; returns whether they were new. */
    public boolean recordAccountDay(MetricSlot slot, Metrics metrics, String rawJson, Instant collectedAt) {
        return withMetrics(
                                entityManager.createNativeQuery("INSERT INTO account_metric (account_id, day,"
                                        + " workspace_id, platform, collected_at, followers, " + METRIC_COLUMNS
                                        + ", raw) VALUES (:account, :day, :workspace, :platform, :collectedAt,"
                                        + " :followers, :impressions, :reach, :likes, :comments, :shares, :saves,"
                                        + " :clicks, :videoViews, CAST(:raw AS jsonb)) ON CONFLICT DO NOTHING"),
                                metrics)
                        .setParameter("account", slot.accountId())
                        .setParameter("day", LocalDate.parse(slot.slot()))
                        .setParameter("workspace", slot.workspaceId())
                        .setParameter("platform", slot.platform())
                        .setParameter("collectedAt", collectedAt)
                        .setParameter("followers", metrics.followers())
                        .setParameter("raw", rawJson)
                        .executeUpdate()
                == 1;
    }

    /** A post's samples in time order, per destination. */
    public List<Sample> postSeries(String workspaceId, String postId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT destination_id, slot, collected_at, " + METRIC_COLUMNS
                        + " FROM post_metric WHERE workspace_id = :workspace AND post_id = :post"
                        + " ORDER BY destination_id, collected_at")
                .setParameter("workspace", workspaceId)
                .setParameter("post", postId)
                .getResultList();
        return rows.stream()
                .map(row -> new Sample((String) row[0], (String) row[1], SqlValues.instant(row[2]), metrics(row, 3)))
                .toList();
    }

    /** Deletes samples, rollups and account days older than {@code before}; returns the rows deleted. */
    public int deleteBefore(Instant before) {
        LocalDate day = LocalDate.ofInstant(before, ZoneOffset.UTC);
        return entityManager
                        .createNativeQuery("DELETE FROM post_metric WHERE collected_at < :before")
                        .setParameter("before", before)
                        .executeUpdate()
                + entityManager
                        .createNativeQuery("DELETE FROM post_metric_latest WHERE published_at < :before")
                        .setParameter("before", before)
                        .executeUpdate()
                + entityManager
                        .createNativeQuery("DELETE FROM post_metric_daily WHERE day < :day")
                        .setParameter("day", day)
                        .executeUpdate()
                + entityManager
                        .createNativeQuery("DELETE FROM account_metric WHERE day < :day")
                        .setParameter("day", day)
                        .executeUpdate();
    }

    /** The eight post metrics from {@code row} at {@code from} (followers are not a post metric). */
    static Metrics metrics(Object[] row, int from) {
        return new Metrics(
                SqlValues.number(row[from]),
                SqlValues.number(row[from + 1]),
                SqlValues.number(row[from + 2]),
                SqlValues.number(row[from + 3]),
                SqlValues.number(row[from + 4]),
                SqlValues.number(row[from + 5]),
                SqlValues.number(row[from + 6]),
                SqlValues.number(row[from + 7]),
                null);
    }

    private static Query withMetrics(Query query, Metrics metrics) {
        return query.setParameter("impressions", metrics.impressions())
                .setParameter("reach", metrics.reach())
                .setParameter("likes", metrics.likes())
                .setParameter("comments", metrics.comments())
                .setParameter("shares", metrics.shares())
                .setParameter("saves", metrics.saves())
                .setParameter("clicks", metrics.clicks())
                .setParameter("videoViews", metrics.videoViews());
    }
}
