package dev.herald.bench;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.herald.testsupport.HeraldStack;
import dev.herald.testsupport.LocalPostgres;

/**
 * The pipeline as a client sees it (issue 11's matrix): for each sandbox latency and each destination count, N posts
 * (publish now, each to D of ten sandbox accounts, rotating) created through the gateway by C client threads, then
 * created/s, published/s (first to last {@code published_at}), (published_at − due) and (the
 * {@code destination.published} webhook's arrival at a receiver in this JVM − its {@code published_at}).
 *
 * <p>A post without {@code scheduled_at} is due when it is created: its {@code created_at} is the due time (the
 * destination's {@code due_at} is not, since a deferred attempt moves it). The cells run one after another on one
 * stack, each drained before the next starts; a new latency restarts the publisher-service with it.
 */
public final class PipelineMatrixBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int ACCOUNTS = 10;
    private static final String LATENCY_VARIABLE = "HERALD_PUBLISHER_SANDBOX_LATENCY";
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(4);

    /** destination id → the webhook's arrival (epoch ms) and the published_at it carried. */
    private final Map<String, long[]> webhooks = new ConcurrentHashMap<>();

    private PipelineMatrixBenchmark() {}

    public static void main(String[] args) throws Exception {
        int posts = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int[] destinationCounts = ints(args.length > 1 ? args[1] : "1,3,10");
        int[] latencies = ints(args.length > 2 ? args[2] : "0");
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        System.out.println("Load average at start: "
                + Files.readString(Path.of("/proc/loadavg")).trim());
        String adminToken = "bench-" + UUID.randomUUID();
        try (HeraldStack stack = BenchmarkStack.start(
                adminToken, Map.of("publisher-service", Map.of(LATENCY_VARIABLE, latencies[0] + "ms")))) {
            new PipelineMatrixBenchmark().run(stack, adminToken, posts, destinationCounts, latencies, clients);
        }
    }

    private void run(HeraldStack stack, String adminToken, int posts, int[] counts, int[] latencies, int clients)
            throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Daemon threads: the JVM must end when the run does, whatever the receiver is doing.
        receiver.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if ("destination.published".equals(event.path("type").asText())) {
                JsonNode data = event.get("data");
                long publishedAt =
                        Instant.parse(data.get("published_at").asText()).toEpochMilli();
                webhooks.putIfAbsent(data.get("destination_id").asText(), new long[] {now, publishedAt});
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Tenant tenant = Tenant.provision(stack, adminToken);
            List<String> accounts = tenant.sandboxAccounts(stack, ACCOUNTS, "matrix");
            Tenant.post(
                    stack.gatewayUrl() + "/v1/webhooks",
                    tenant.apiKey(),
                    "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}");
            for (int l = 0; l < latencies.length; l++) {
                if (l > 0) {
                    // The sandbox's latency is a start-up setting of the publisher-service.
                    stack.stopService("publisher-service");
                    stack.environment("publisher-service", LATENCY_VARIABLE, latencies[l] + "ms");
                    stack.startServices(List.of("publisher-service"));
                }
                // Warm-up, not reported: class loading and connection set-up after a (re)start.
                cell(stack, tenant, accounts, Math.min(posts, 100), 3, latencies[l], clients, false);
                for (int count : counts) {
                    cell(stack, tenant, accounts, posts, count, latencies[l], clients, true);
                }
            }
        } finally {
            receiver.stop(0);
        }
    }

    private void cell(
            HeraldStack stack,
            Tenant tenant,
            List<String> accounts,
            int posts,
            int destinations,
            int latency,
            int clients,
            boolean report)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Set<String> postIds = ConcurrentHashMap.newKeySet();
        List<Long> requestMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < posts; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = HTTP.send(
                            HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/posts"))
                                    .header("Authorization", "Bearer " + tenant.apiKey())
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", "matrix-" + run + "-" + i)
                                    .POST(HttpRequest.BodyPublishers.ofString(body(accounts, i, destinations)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 201) {
                        postIds.add(JSON.readTree(response.body()).get("id").asText());
                        requestMillis.add((System.nanoTime() - sent) / 1_000_000);
                    } else {
                        refused.incrementAndGet();
                        System.out.println("  refused: " + response.statusCode() + " " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        pool.shutdown();
        double createSeconds = (System.nanoTime() - start) / 1e9;
        List<Destination> rows = awaitPublished(stack, postIds, posts * destinations);
        if (!report) {
            return;
        }
        System.out.printf(
                "%n[matrix] %d posts x %d destinations, sandbox latency %d ms, %d clients%n",
                posts, destinations, latency, clients);
        System.out.printf(
                "  created %d posts in %.1f s = %.1f created/s (%d refused)%n",
                postIds.size(), createSeconds, postIds.size() / createSeconds, refused.get());
        Samples.report("create request", requestMillis);
        Map<String, Integer> statuses = new TreeMap<>();
        List<Long> publishedAt = new ArrayList<>();
        List<Long> dueToPublished = new ArrayList<>();
        List<Long> publishedToWebhook = new ArrayList<>();
        for (Destination row : rows) {
            statuses.merge(row.status(), 1, Integer::sum);
            if (row.publishedAt() != null) {
                publishedAt.add(row.publishedAt().toEpochMilli());
                dueToPublished.add(
                        Duration.between(row.due(), row.publishedAt()).toMillis());
            }
            long[] webhook = webhooks.get(row.id());
            if (webhook != null) {
                publishedToWebhook.add(webhook[0] - webhook[1]);
            }
        }
        System.out.println("  destination statuses: " + statuses);
        Collections.sort(publishedAt);
        if (publishedAt.size() > 1) {
            double span = (publishedAt.get(publishedAt.size() - 1) - publishedAt.get(0)) / 1e3;
            System.out.printf(
                    "  published %,d in %.1f s (first to last published_at) = %.1f published/s%n",
                    publishedAt.size(), span, (publishedAt.size() - 1) / span);
        }
        Samples.report("published_at - due (created_at)", dueToPublished);
        Samples.report("webhook received - published_at", publishedToWebhook);
        System.out.printf(
                "  [row] %d dest | %d ms | created/s %.1f | published/s %.1f | lag p50/p99/max %s | webhook p50/p99/max %s%n",
                destinations,
                latency,
                postIds.size() / createSeconds,
                publishedAt.size() > 1
                        ? (publishedAt.size() - 1)
                                / ((publishedAt.get(publishedAt.size() - 1) - publishedAt.get(0)) / 1e3)
                        : 0.0,
                triple(dueToPublished),
                triple(publishedToWebhook));
    }

    /** Post {@code i}'s body: publish now, to {@code count} accounts starting at {@code i} (so each gets its share). */
    private static String body(List<String> accounts, int i, int count) {
        List<String> to = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            to.add("\"" + accounts.get((i + k) % accounts.size()) + "\"");
        }
        return "{\"caption\":\"Matrix post " + i + "\",\"account_ids\":[" + String.join(",", to) + "]}";
    }

    private record Destination(String id, String status, Instant due, Instant publishedAt) {}

    /**
     * Polls the post-service's table (cheaper than the API for the machine being measured) until every destination of
     * these posts is final and its webhook has arrived, or four minutes have passed; then returns them.
     */
    private List<Destination> awaitPublished(HeraldStack stack, Set<String> postIds, int expected) throws Exception {
        try (Connection db = DriverManager.getConnection(
                        stack.postgresJdbcUrl() + "?currentSchema=post", LocalPostgres.USER, LocalPostgres.PASSWORD);
                PreparedStatement query = db.prepareStatement("SELECT d.id, d.status, p.created_at, d.published_at"
                        + " FROM destination d JOIN post p ON p.id = d.post_id WHERE d.post_id = ANY (?)")) {
            query.setArray(1, db.createArrayOf("text", postIds.toArray()));
            AtomicReference<List<Destination>> rows = new AtomicReference<>(List.of());
            AtomicLong settled = new AtomicLong();
            try {
                await("all " + expected + " destinations to be final with their webhooks")
                        .atMost(DRAIN_TIMEOUT)
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(250))
                        // The statement is this thread's and closes below, so no query may still run elsewhere then.
                        .pollInSameThread()
                        // This JVM also runs the broker: other threads' failures are not this wait's.
                        .dontCatchUncaughtExceptions()
                        .until(() -> {
                            rows.set(destinations(query));
                            settled.set(countSettled(rows.get()));
                            return settled.get() >= expected;
                        });
            } catch (ConditionTimeoutException e) {
                // A cell that does not drain is still reported: how far it got is the finding.
                System.out.printf(
                        "  NOT DRAINED after %d min: %d of %d settled%n",
                        DRAIN_TIMEOUT.toMinutes(), settled.get(), expected);
            }
            return rows.get();
        }
    }

    private static List<Destination> destinations(PreparedStatement query) throws SQLException {
        List<Destination> rows = new ArrayList<>();
        try (ResultSet result = query.executeQuery()) {
            while (result.next()) {
                rows.add(new Destination(
                        result.getString(1),
                        result.getString(2),
                        result.getTimestamp(3).toInstant(),
                        result.getTimestamp(4) == null
                                ? null
                                : result.getTimestamp(4).toInstant()));
            }
        }
        return rows;
    }

    /** Failed, or published with its webhook received. */
    private long countSettled(List<Destination> rows) {
        return rows.stream()
                .filter(r ->
                        r.status().equals("failed") || (r.status().equals("published") && webhooks.containsKey(r.id())))
                .count();
    }

    private static String triple(List<Long> millis) {
        if (millis.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return Samples.percentile(sorted, 50) + "/" + Samples.percentile(sorted, 99) + "/"
                + sorted.get(sorted.size() - 1);
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
