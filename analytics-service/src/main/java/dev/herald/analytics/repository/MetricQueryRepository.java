package dev.herald.analytics.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import dev.herald.analytics.Metrics;

/** The analytics reads: aggregates over the daily rollup, latest samples, account series and publishing figures. */
@ApplicationScoped
public class MetricQueryRepository {

    private static final String SUMS = "sum(posts), sum(impressions), sum(reach), sum(likes), sum(comments),"
            + " sum(shares), sum(saves), sum(clicks), sum(video_views), sum(engagement)";

    private static final String LATEST = "SELECT post_id, destination_id, account_id, platform, published_at,"
            + " collected_at, impressions, reach, likes, comments, shares, saves, clicks, video_views, engagement"
            + " FROM post_metric_latest";

    private final EntityManager entityManager;

    public MetricQueryRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** What to aggregate: one workspace, a day range (both ends included), optionally one account or platform. */
    public record Filter(String workspaceId, String accountId, String platform, LocalDate from, LocalDate to) {

        Instant fromInstant() {
            return from.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        Instant toExclusive() {
            return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** Sums of the latest metrics of the posts published in a group (or in the whole range when the key is null). */
    public record Totals(
            String key,
            long posts,
            long impressions,
            long reach,
            long likes,
            long comments,
            long shares,
            long saves,
            long clicks,
            long videoViews,
            long engagement,
            Double engagementRate) {}

    /** One post's latest metrics, for the top posts. */
    public record TopPost(
            String postId,
            String destinationId,
            String accountId,
            String platform,
            Instant publishedAt,
            Instant collectedAt,
            Metrics metrics,
            long engagement) {}

    /** One weekly hour's posts and their average engagement. */
    public record HourStat(int weekday, int hour, long posts, double averageEngagement, Double engagementRate) {}

    /** An account's metrics over one period (a day, or a week starting Monday). */
    public record AccountPeriod(LocalDate periodStart, Instant collectedAt, Metrics metrics) {}

    /** One day of publishing outcomes. */
    public record DayOutcomes(LocalDate day, long published, long failed) {}

    /** The delay from scheduled time to live over the published destinations (seconds). */
    public record Delay(long count, Double medianSeconds, Double p95Seconds) {}

    /** How often one platform failed with one code. */
    public record FailureReason(String platform, String errorCode, long count) {}

    /** The totals of the whole range. */
    public Totals totals(Filter filter) {
        Query query = filtered("SELECT NULL, " + SUMS + " FROM post_metric_daily WHERE ", filter, "");
        return totals((Object[]) query.getSingleResult());
    }

    /**
     * The totals per group, in key order, after {@code cursor} (the last key of the previous page), at most
     * {@code limit + 1} (the extra row says there is more).
     *
     * @param keyColumn {@code platform}, {@code account_id} or {@code day}
     */
    public List<Totals> groups(Filter filter, String keyColumn, String cursor, int limit) {
        String key = "day".equals(keyColumn) ? "day::text" : keyColumn;
        Query query = filtered(
                "SELECT " + key + " AS k, " + SUMS + " FROM post_metric_daily WHERE ",
                filter,
                (cursor == null ? "" : " AND " + key + " > :cursor") + " GROUP BY k ORDER BY k LIMIT :limit");
        if (cursor != null) {
            query.setParameter("cursor", cursor);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setParameter("limit", limit + 1).getResultList();
        return rows.stream().map(MetricQueryRepository::totals).toList();
    }

    /** The posts of the range with the most engagement (their latest samples). */
    public List<TopPost> topPosts(Filter filter, int limit) {
        StringBuilder sql = new StringBuilder(
                LATEST + " WHERE workspace_id = :workspace" + " AND published_at >= :fromTs AND published_at < :toTs");
        if (filter.accountId() != null) {
            sql.append(" AND account_id = :account");
        }
        if (filter.platform() != null) {
            sql.append(" AND platform = :platform");
        }
        sql.append(" ORDER BY engagement DESC, destination_id LIMIT :limit");
        Query query = entityManager
                .createNativeQuery(sql.toString())
                .setParameter("workspace", filter.workspaceId())
                .setParameter("fromTs", filter.fromInstant())
                .setParameter("toTs", filter.toExclusive())
                .setParameter("limit", limit);
        optional(query, filter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(MetricQueryRepository::topPost).toList();
    }

    /** The latest sample of each destination of a post. */
    public List<TopPost> latestOfPost(String workspaceId, String postId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery(LATEST + " WHERE workspace_id = :workspace AND post_id = :post")
                .setParameter("workspace", workspaceId)
                .setParameter("post", postId)
                .getResultList();
        return rows.stream().map(MetricQueryRepository::topPost).toList();
    }

    /**
     * The weekly hours (ISO weekday 1 = Monday, hour 0–23 in {@code timezone}) of an account's posts, by average
     * engagement, best first.
     */
    public List<HourStat> bestTimes(String workspaceId, String accountId, String timezone, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT extract(isodow FROM published_at AT TIME ZONE :tz)::int AS weekday,"
                        + " extract(hour FROM published_at AT TIME ZONE :tz)::int AS hour, count(*),"
                        + " avg(engagement)::float8, sum(engagement), sum(impressions)"
                        + " FROM post_metric_latest WHERE workspace_id = :workspace AND account_id = :account"
                        + " GROUP BY 1, 2 ORDER BY 4 DESC, 3 DESC, 1, 2 LIMIT :limit")
                .setParameter("tz", timezone)
                .setParameter("workspace", workspaceId)
                .setParameter("account", accountId)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream()
                .map(row -> new HourStat(
                        ((Number) row[0]).intValue(),
                        ((Number) row[1]).intValue(),
                        SqlValues.number(row[2]),
                        Math.round(SqlValues.decimal(row[3]) * 100) / 100.0,
                        Metrics.rate(SqlValues.number(row[4]), SqlValues.number(row[5]))))
                .toList();
    }

    /**
     * An account's metrics per day or per ISO week: per week the followers are those of its last day and the other
     * metrics are summed.
     */
    public List<AccountPeriod> accountSeries(
            String workspaceId, String accountId, LocalDate from, LocalDate to, boolean weekly) {
        String sql = weekly
                ? "SELECT date_trunc('week', day)::date AS period, max(collected_at),"
                        + " sum(impressions), sum(reach), sum(likes), sum(comments), sum(shares), sum(saves),"
                        + " sum(clicks), sum(video_views), (array_agg(followers ORDER BY day DESC))[1]"
                        + " FROM account_metric WHERE workspace_id = :workspace AND account_id = :account"
                        + " AND day BETWEEN :from AND :to GROUP BY 1 ORDER BY 1"
                : "SELECT day, collected_at, impressions, reach, likes, comments, shares, saves, clicks, video_views,"
                        + " followers FROM account_metric WHERE workspace_id = :workspace AND account_id = :account"
                        + " AND day BETWEEN :from AND :to ORDER BY day";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery(sql)
                .setParameter("workspace", workspaceId)
                .setParameter("account", accountId)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
        return rows.stream()
                .map(row -> {
                    Metrics m = MetricSeriesRepository.metrics(row, 2);
                    return new AccountPeriod(
                            SqlValues.date(row[0]),
                            SqlValues.instant(row[1]),
                            new Metrics(
                                    m.impressions(),
                                    m.reach(),
                                    m.likes(),
                                    m.comments(),
                                    m.shares(),
                                    m.saves(),
                                    m.clicks(),
                                    m.videoViews(),
                                    SqlValues.number(row[10])));
                })
                .toList();
    }

    /** Whether the workspace knows this account (it published through Herald, or has metrics). */
    public boolean knowsAccount(String workspaceId, String accountId) {
        return !entityManager
                .createNativeQuery("SELECT 1 FROM publish_record WHERE workspace_id = :workspace"
                        + " AND account_id = :account UNION ALL SELECT 1 FROM account_metric"
                        + " WHERE workspace_id = :workspace AND account_id = :account LIMIT 1")
                .setParameter("workspace", workspaceId)
                .setParameter("account", accountId)
                .getResultList()
                .isEmpty();
    }

    /** Destinations that became published or failed per UTC day of the range (from the daily rollup). */
    public List<DayOutcomes> outcomesPerDay(String workspaceId, LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT day, coalesce(sum(count) FILTER (WHERE status = 'published'), 0),"
                        + " coalesce(sum(count) FILTER (WHERE status = 'failed'), 0) FROM publishing_outcome_day"
                        + " WHERE workspace_id = :workspace AND day BETWEEN :from AND :to"
                        + " GROUP BY day HAVING sum(count) > 0 ORDER BY day")
                .setParameter("workspace", workspaceId)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
        return rows.stream()
                .map(row -> new DayOutcomes(SqlValues.date(row[0]), SqlValues.number(row[1]), SqlValues.number(row[2])))
                .toList();
    }

    /**
     * Median and p95 of scheduled (or created, for publish-now posts) → live over the range, interpolated like
     * {@code percentile_cont} over the delays as the rollup keeps them (two significant digits).
     */
    public Delay delay(String workspaceId, LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT delay_seconds, sum(count) FROM publishing_delay_day"
                        + " WHERE workspace_id = :workspace AND day BETWEEN :from AND :to"
                        + " GROUP BY delay_seconds HAVING sum(count) > 0 ORDER BY delay_seconds")
                .setParameter("workspace", workspaceId)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
        DelayHistogram histogram = new DelayHistogram(rows.stream()
                .map(row -> new DelayHistogram.Bucket(((Number) row[0]).doubleValue(), ((Number) row[1]).longValue()))
                .toList());
        return histogram.count() == 0
                ? new Delay(0, null, null)
                : new Delay(histogram.count(), histogram.percentile(0.5), histogram.percentile(0.95));
    }

    /** Failed destinations of the range by platform and error code, most frequent first. */
    public List<FailureReason> failureReasons(String workspaceId, LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT platform, error_code, sum(count) FROM publishing_outcome_day"
                        + " WHERE workspace_id = :workspace AND status = 'failed' AND day BETWEEN :from AND :to"
                        + " GROUP BY 1, 2 HAVING sum(count) > 0 ORDER BY 1, 3 DESC, 2")
                .setParameter("workspace", workspaceId)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
        return rows.stream()
                .map(row -> new FailureReason((String) row[0], (String) row[1], SqlValues.number(row[2])))
                .toList();
    }

    private Query filtered(String head, Filter filter, String tail) {
        StringBuilder sql = new StringBuilder(head).append("workspace_id = :workspace AND day BETWEEN :from AND :to");
        if (filter.accountId() != null) {
            sql.append(" AND account_id = :account");
        }
        if (filter.platform() != null) {
            sql.append(" AND platform = :platform");
        }
        Query query = entityManager
                .createNativeQuery(sql.append(tail).toString())
                .setParameter("workspace", filter.workspaceId())
                .setParameter("from", filter.from())
                .setParameter("to", filter.to());
        optional(query, filter);
        return query;
    }

    private static void optional(Query query, Filter filter) {
        if (filter.accountId() != null) {
            query.setParameter("account", filter.accountId());
        }
        if (filter.platform() != null) {
            query.setParameter("platform", filter.platform());
        }
    }

    private static Totals totals(Object[] row) {
        long engagement = zero(row[10]);
        long impressions = zero(row[2]);
        return new Totals(
                (String) row[0],
                zero(row[1]),
                zero(row[2]),
                zero(row[3]),
                zero(row[4]),
                zero(row[5]),
                zero(row[6]),
                zero(row[7]),
                zero(row[8]),
                zero(row[9]),
                engagement,
                Metrics.rate(engagement, impressions));
    }

    private static TopPost topPost(Object[] row) {
        return new TopPost(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                (String) row[3],
                SqlValues.instant(row[4]),
                SqlValues.instant(row[5]),
                MetricSeriesRepository.metrics(row, 6),
                SqlValues.number(row[14]));
    }

    private static long zero(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
