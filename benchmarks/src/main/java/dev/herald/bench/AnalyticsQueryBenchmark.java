package dev.herald.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.testsupport.HeraldStack;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.LocalPostgres;

/**
 * Latency of the analytics queries over a year of data: seeds ACCOUNTS accounts × POSTS_PER_DAY posts a day × DAYS
 * days (publish records, each post's latest metrics, the daily rollup, post timings, account days) straight into the
 * analytics schema with {@code generate_series} (set-based, not row by row), then calls each endpoint of
 * analytics-service directly (an internal JWT signed with the stack's key, as the gateway would) one request at a time
 * and prints p50 / p95 / max per query.
 */
public final class AnalyticsQueryBenchmark {

    private static final String WORKSPACE = "ws_bench_analytics";
    private static final String[] PLATFORMS = {"x", "mastodon", "bluesky", "linkedin"};

    private AnalyticsQueryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int postsPerDay = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 365;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        LocalDate last = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        LocalDate first = last.minusDays(days - 1L);
        String adminToken = "bench-" + UUID.randomUUID();
        try (HeraldStack stack = BenchmarkStack.start(adminToken)) {
            long seedStart = System.nanoTime();
            long posts = seed(stack, accounts, postsPerDay, days, first);
            System.out.printf(
                    "%n[analytics] seeded %,d posts (%d accounts x %d/day x %d days, %s..%s) in %.1f s%n",
                    posts, accounts, postsPerDay, days, first, last, (System.nanoTime() - seedStart) / 1e9);
            String token = InternalTokens.sign(
                    stack.internalKeys(), "key_bench", WORKSPACE, "live", "analytics:read", Duration.ofHours(1));
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String base = stack.url("analytics-service");
            String year = "from=" + first + "&to=" + last;
            String month = "from=" + last.minusDays(29) + "&to=" + last;
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("aggregates, year, all accounts (totals + top 5)", "/v1/analytics?" + year);
            queries.put(
                    "aggregates, year, group_by=day (365 groups)", "/v1/analytics?" + year + "&group_by=day&limit=366");
            queries.put(
                    "aggregates, year, group_by=account (100 groups)", "/v1/analytics?" + year + "&group_by=account");
            queries.put("aggregates, year, group_by=platform", "/v1/analytics?" + year + "&group_by=platform");
            queries.put(
                    "aggregates, year, one account, group_by=day",
                    "/v1/analytics?" + year + "&account_id=acct_b_7&group_by=day&limit=366");
            queries.put("aggregates, 30 days, all accounts", "/v1/analytics?" + month);
            queries.put("account, year, granularity=day", "/v1/analytics/accounts/acct_b_7?" + year);
            queries.put(
                    "account, year, granularity=week", "/v1/analytics/accounts/acct_b_7?" + year + "&granularity=week");
            queries.put("best-times, one account (a year of posts)", "/v1/analytics/best-times?account_id=acct_b_7");
            queries.put("publishing, 30 days", "/v1/analytics/publishing?" + month);
            queries.put("publishing, year", "/v1/analytics/publishing?" + year);
            System.out.printf("[analytics] %d sequential requests per query after 5 warm-up ones (ms)%n", samples);
            for (var query : queries.entrySet()) {
                List<Double> millis = measure(http, base + query.getValue(), token, samples);
                System.out.printf(
                        "  %-52s p50 %7.1f  p95 %7.1f  max %7.1f%n",
                        query.getKey(), percentile(millis, 50), percentile(millis, 95), millis.get(millis.size() - 1));
            }
        }
    }

    private static List<Double> measure(HttpClient http, String url, String token, int samples) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60))
                .build();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < samples + 5; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            if (i >= 5) {
                millis.add(elapsed);
            }
        }
        Collections.sort(millis);
        return millis;
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    /** Seeds the workspace's year in a handful of set-based statements; returns the number of posts. */
    private static long seed(HeraldStack stack, int accounts, int postsPerDay, int days, LocalDate first)
            throws SQLException {
        try (Connection db = DriverManager.getConnection(
                        stack.postgresJdbcUrl() + "?currentSchema=analytics",
                        LocalPostgres.USER,
                        LocalPostgres.PASSWORD);
                Statement sql = db.createStatement()) {
            // One row per post: account a, day d, post p; published at a spread of hours; metrics from the indexes.
            String posts = "SELECT a, d, p, 'acct_b_' || a AS account_id,"
                    + " (ARRAY['" + String.join("','", PLATFORMS) + "'])[1 + a % 4] AS platform,"
                    + " 'dest_b_' || a || '_' || d || '_' || p AS destination_id,"
                    + " 'post_b_' || a || '_' || d || '_' || p AS post_id,"
                    + " (DATE '" + first + "' + d)::timestamp AT TIME ZONE 'UTC'"
                    + " + make_interval(hours => (a * 7 + p * 5) % 24, mins => (p * 13) % 60) AS published_at,"
                    + " 100 + (a * 31 + d * 17 + p * 13) % 1000 AS impressions"
                    + " FROM generate_series(0, " + (accounts - 1) + ") a, generate_series(0, " + (days - 1)
                    + ") d, generate_series(0, " + (postsPerDay - 1) + ") p";
            sql.execute("INSERT INTO publish_record (destination_id, workspace_id, post_id, account_id, platform,"
                    + " status, platform_post_id, published_at, updated_at, due_at)"
                    + " SELECT destination_id, '" + WORKSPACE + "', post_id, account_id, platform,"
                    + " CASE WHEN (a + d + p) % 50 = 0 THEN 'failed' ELSE 'published' END, 'pp_' || destination_id,"
                    + " published_at, published_at, published_at - make_interval(secs => (a + p) % 90)"
                    + " FROM (" + posts + ") s");
            sql.execute("UPDATE publish_record SET error_code = 'rate_limited', published_at = NULL"
                    + " WHERE workspace_id = '" + WORKSPACE + "' AND status = 'failed'");
            sql.execute("INSERT INTO post_timing (post_id, workspace_id, due_at)"
                    + " SELECT post_id, '" + WORKSPACE + "', published_at - make_interval(secs => (a + p) % 90)"
                    + " FROM (" + posts + ") s");
            // The publishing rollups the service keeps in step with each record, built here in one go (as V5 does).
            sql.execute("INSERT INTO publishing_outcome_day (workspace_id, day, platform, status, error_code, count)"
                    + " SELECT workspace_id, (updated_at AT TIME ZONE 'UTC')::date, platform, status,"
                    + " CASE WHEN status = 'published' THEN '' ELSE coalesce(error_code, 'unknown') END, count(*)"
                    + " FROM publish_record WHERE workspace_id = '" + WORKSPACE + "' GROUP BY 1, 2, 3, 4, 5");
            sql.execute("INSERT INTO publishing_delay_day (workspace_id, day, delay_seconds, count)"
                    + " SELECT workspace_id, (updated_at AT TIME ZONE 'UTC')::date,"
                    + " publishing_delay_bucket(greatest(0, extract(EPOCH FROM published_at - due_at))::numeric),"
                    + " count(*) FROM publish_record WHERE workspace_id = '" + WORKSPACE + "'"
                    + " AND status = 'published' GROUP BY 1, 2, 3");
            sql.execute("INSERT INTO post_metric_latest (destination_id, workspace_id, post_id, account_id, platform,"
                    + " published_at, collected_at, impressions, reach, likes, comments, shares, saves, clicks,"
                    + " video_views, engagement)"
                    + " SELECT destination_id, '" + WORKSPACE + "', post_id, account_id, platform, published_at,"
                    + " published_at + interval '30 days', impressions, impressions * 4 / 5, impressions / 20 + p % 5,"
                    + " impressions / 100, impressions / 50, impressions / 200, impressions / 40, NULL,"
                    + " impressions / 20 + p % 5 + impressions / 100 + impressions / 50 + impressions / 200"
                    + " FROM (" + posts + ") s WHERE (a + d + p) % 50 <> 0");
            // The series holds one sample per post here (its latest); the queries measured read only the tables above.
            sql.execute("INSERT INTO post_metric (destination_id, slot, workspace_id, post_id, account_id, platform,"
                    + " published_at, collected_at, impressions, likes, comments, shares, saves)"
                    + " SELECT destination_id, '30d', workspace_id, post_id, account_id, platform, published_at,"
                    + " collected_at, impressions, likes, comments, shares, saves FROM post_metric_latest"
                    + " WHERE workspace_id = '" + WORKSPACE + "'");
            sql.execute("INSERT INTO post_metric_daily (workspace_id, account_id, day, platform, posts, impressions,"
                    + " reach, likes, comments, shares, saves, clicks, video_views, engagement)"
                    + " SELECT workspace_id, account_id, (published_at AT TIME ZONE 'UTC')::date, min(platform),"
                    + " count(*), sum(impressions), sum(reach), sum(likes), sum(comments), sum(shares), sum(saves),"
                    + " sum(clicks), 0, sum(engagement) FROM post_metric_latest WHERE workspace_id = '" + WORKSPACE
                    + "' GROUP BY 1, 2, 3");
            sql.execute("INSERT INTO account_metric (account_id, day, workspace_id, platform, collected_at, followers,"
                    + " impressions) SELECT 'acct_b_' || a, DATE '" + first + "' + d, '" + WORKSPACE + "',"
                    + " (ARRAY['" + String.join("','", PLATFORMS) + "'])[1 + a % 4],"
                    + " (DATE '" + first + "' + d)::timestamp AT TIME ZONE 'UTC', 1000 + a * 10 + d * 3,"
                    + " 5000 + (a * 13 + d * 7) % 2000"
                    + " FROM generate_series(0, " + (accounts - 1) + ") a, generate_series(0, " + (days - 1) + ") d");
            sql.execute("ANALYZE");
            try (ResultSet rows =
                    sql.executeQuery("SELECT count(*) FROM publish_record WHERE workspace_id = '" + WORKSPACE + "'")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
