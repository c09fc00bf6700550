package dev.herald.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.testsupport.HeraldStack;
import dev.herald.testsupport.LocalPostgres;

/**
 * Publisher throughput (issue #5): a workspace with N sandbox accounts, P posts each targeting every account (P × N
 * destinations) created with {@code POST /v1/posts/bulk}, all due at the same instant a little ahead; then the
 * destinations published per second (first to last {@code published_at}) and, per destination, the lag from its due
 * time to its {@code published_at} (read back with {@code GET /v1/posts}), with the sandbox answering at once or after
 * a simulated platform round trip ({@code HERALD_PUBLISHER_SANDBOX_LATENCY} on the publisher-service).
 */
public final class PublisherBenchmark {

    private static final int BULK_MAX = 100;

    private PublisherBenchmark() {}

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int posts = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int latencyMillis = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int leadSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int publishers = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int postServices = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        String adminToken = "bench-" + UUID.randomUUID();
        Map<String, Map<String, String>> environment =
                Map.of("publisher-service", Map.of("HERALD_PUBLISHER_SANDBOX_LATENCY", latencyMillis + "ms"));
        try (HeraldStack stack = BenchmarkStack.start(adminToken, environment)) {
            // Scale-out: more replicas of the same jar on the same database and broker, as more pods would be.
            for (int i = 1; i < publishers; i++) {
                System.out.println("Started " + stack.startReplica("publisher-service"));
            }
            for (int i = 1; i < postServices; i++) {
                System.out.println("Started " + stack.startReplica("post-service"));
            }
            System.out.printf(
                    "[publisher] %d publisher-service, %d post-service instances%n", publishers, postServices);
            run(stack, adminToken, accounts, posts, latencyMillis, leadSeconds);
        }
    }

    private static void run(
            HeraldStack stack, String adminToken, int accountCount, int postCount, int latencyMillis, int leadSeconds)
            throws Exception {
        Tenant tenant = Tenant.provision(stack, adminToken);
        List<String> accounts = tenant.sandboxAccounts(stack, accountCount, "bench");
        String accountList = "["
                + String.join(",", accounts.stream().map(a -> "\"" + a + "\"").toList()) + "]";
        int destinations = accountCount * postCount;
        Instant due = Instant.now().plusSeconds(leadSeconds);
        System.out.printf(
                "%n[publisher] %d accounts x %d posts = %,d destinations due at %s, sandbox latency %d ms%n",
                accountCount, postCount, destinations, due, latencyMillis);

        long createStart = System.nanoTime();
        int created = 0;
        for (int from = 0; from < postCount; from += BULK_MAX) {
            int size = Math.min(BULK_MAX, postCount - from);
            List<String> items = new ArrayList<>();
            for (int i = from; i < from + size; i++) {
                items.add("{\"caption\":\"Throughput post " + i + "\",\"account_ids\":" + accountList
                        + ",\"scheduled_at\":\"" + due + "\"}");
            }
            JsonNode answer = Tenant.post(
                    stack.gatewayUrl() + "/v1/posts/bulk",
                    tenant.apiKey(),
                    "{\"posts\":[" + String.join(",", items) + "]}");
            created += answer.get("created_count").asInt();
        }
        Instant createdAt = Instant.now();
        System.out.printf(
                "  created %d posts in %.1f s, %.1f s before they are due%n",
                created,
                (System.nanoTime() - createStart) / 1e9,
                Duration.between(createdAt, due).toMillis() / 1e3);
        if (created != postCount || createdAt.isAfter(due)) {
            throw new IllegalStateException("Setup failed: " + created + " of " + postCount + " posts created, done at "
                    + createdAt + " (due " + due + "): raise the lead time");
        }

        System.out.println("  RSS at idle (before due): " + ServiceMemory.format(ServiceMemory.snapshot(stack)));
        Map<String, Long> statuses;
        try (ServiceMemory memory = ServiceMemory.sample(stack)) {
            statuses = awaitSettled(stack, tenant, destinations, due);
            System.out.println("  RSS peak under load (sampled each second): " + ServiceMemory.format(memory.peak()));
        }
        System.out.println("  destination statuses: " + statuses);
        Samples.report("due -> published recorded by the post-service (updated_at)", recorded(stack, tenant));

        // From the API, as a client sees it: every post with its destinations.
        List<Long> lags = new ArrayList<>();
        List<Instant> published = new ArrayList<>();
        for (JsonNode post : all(stack, tenant, "/v1/posts")) {
            Instant scheduled = Instant.parse(post.get("scheduled_at").asText());
            for (JsonNode destination : post.get("destinations")) {
                JsonNode at = destination.get("published_at");
                if (at != null && !at.isNull()) {
                    Instant publishedAt = Instant.parse(at.asText());
                    published.add(publishedAt);
                    lags.add(Duration.between(scheduled, publishedAt).toMillis());
                }
            }
        }
        Collections.sort(published);
        Samples.report("due -> published_at (API)", lags);
        if (published.size() > 1) {
            Instant first = published.get(0);
            Instant last = published.get(published.size() - 1);
            double seconds = Duration.between(first, last).toMillis() / 1e3;
            System.out.printf(
                    "  throughput: %,d published, first %s (+%d ms after due), last %s (+%d ms): %.1f s -> %.1f"
                            + " destinations/s%n",
                    published.size(),
                    first,
                    Duration.between(due, first).toMillis(),
                    last,
                    Duration.between(due, last).toMillis(),
                    seconds,
                    (published.size() - 1) / seconds);
            System.out.println("  published per second from the first: " + perSecond(published, first));
        }

        // What the platform received: each destination exactly once.
        Map<String, Integer> calls = new HashMap<>();
        for (JsonNode publication : all(stack, tenant, "/v1/sandbox/publications")) {
            calls.merge(publication.get("destination_id").asText(), 1, Integer::sum);
        }
        long twice = calls.values().stream().filter(n -> n > 1).count();
        System.out.printf(
                "  sandbox publications: %,d destinations reached the platform, %d more than once%n",
                calls.size(), twice);
    }

    /** Every item of a paged list, following {@code next_cursor} 100 at a time. */
    private static List<JsonNode> all(HeraldStack stack, Tenant tenant, String path) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = Tenant.get(
                    stack.gatewayUrl() + path + "?limit=100"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    tenant.apiKey());
            page.get("data").forEach(items::add);
            cursor = page.path("has_more").asBoolean() ? page.get("next_cursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    /**
     * Polls the post-service's table (cheaper than the API for the machine being measured) until no destination of
     * the workspace is left to publish, or 10 minutes after the due time.
     */
    private static Map<String, Long> awaitSettled(HeraldStack stack, Tenant tenant, int destinations, Instant due)
            throws Exception {
        Instant deadline = due.plus(Duration.ofMinutes(10));
        try (Connection db = DriverManager.getConnection(
                        stack.postgresJdbcUrl() + "?currentSchema=post", LocalPostgres.USER, LocalPostgres.PASSWORD);
                PreparedStatement count = db.prepareStatement(
                        "SELECT status, count(*) FROM destination WHERE workspace_id = ? GROUP BY status")) {
            count.setString(1, tenant.workspaceId());
            while (true) {
                Map<String, Long> statuses = new TreeMap<>();
                try (ResultSet rows = count.executeQuery()) {
                    while (rows.next()) {
                        statuses.put(rows.getString(1), rows.getLong(2));
                    }
                }
                long settled = statuses.getOrDefault("published", 0L) + statuses.getOrDefault("failed", 0L);
                if (settled >= destinations || Instant.now().isAfter(deadline)) {
                    return statuses;
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** Per published destination, its due time to the post-service's last update of it (the result recorded). */
    private static List<Long> recorded(HeraldStack stack, Tenant tenant) throws Exception {
        List<Long> lags = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(
                        stack.postgresJdbcUrl() + "?currentSchema=post", LocalPostgres.USER, LocalPostgres.PASSWORD);
                PreparedStatement query = db.prepareStatement("SELECT (extract(epoch FROM updated_at - due_at) * 1000)"
                        + "::bigint FROM destination WHERE workspace_id = ? AND status = 'published'")) {
            query.setString(1, tenant.workspaceId());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    lags.add(rows.getLong(1));
                }
            }
        }
        return lags;
    }

    /** Destinations published in each whole second after {@code first}. */
    private static String perSecond(List<Instant> sorted, Instant first) {
        Map<Long, Integer> buckets = new TreeMap<>();
        for (Instant at : sorted) {
            buckets.merge(Duration.between(first, at).toSeconds(), 1, Integer::sum);
        }
        return buckets.values().toString();
    }
}
