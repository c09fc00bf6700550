package dev.herald.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldStack;
import dev.herald.testsupport.LocalPostgres;

/**
 * The whole system on this machine: (1) dispatch lag — N destinations due at the same instant, measured from their
 * due time to the Kafka timestamp of their publish request, and to their publish result; (2) sustained
 * {@code POST /v1/posts} (publish now) through the gateway with C concurrent clients.
 */
public final class PipelineBenchmark {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int destinations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        // "isolated": the publisher is stopped while destinations come due, to measure the dispatcher alone.
        boolean isolated = args.length > 3 && "isolated".equals(args[3]);
        String adminToken = "bench-" + UUID.randomUUID();
        try (HeraldStack stack = BenchmarkStack.start(adminToken)) {
            Tenant tenant = Tenant.provision(stack, adminToken);
            dispatchLag(stack, tenant, destinations, isolated);
            creates(stack, tenant, seconds, clients);
        }
    }

    private static void dispatchLag(HeraldStack stack, Tenant tenant, int count, boolean isolated) throws Exception {
        if (isolated) {
            stack.stopService("publisher-service");
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant due = Instant.now().plusSeconds(15);
        try (Connection db = DriverManager.getConnection(
                        stack.postgresJdbcUrl() + "?currentSchema=post", LocalPostgres.USER, LocalPostgres.PASSWORD);
                PreparedStatement posts = db.prepareStatement("INSERT INTO post"
                        + " (id, workspace_id, mode, caption, scheduled_at, status, created_at, updated_at)"
                        + " SELECT 'post_b' || ? || '_' || g, ?, 'test', 'bench ' || g, ?, 'scheduled', now(), now()"
                        + " FROM generate_series(1, ?) g");
                PreparedStatement rows = db.prepareStatement("INSERT INTO destination"
                        + " (id, post_id, workspace_id, account_id, platform, status, due_at, updated_at)"
                        + " SELECT 'dest_b' || ? || '_' || g, 'post_b' || ? || '_' || g, ?, ?, 'sandbox',"
                        + " 'scheduled', ?, now() FROM generate_series(1, ?) g")) {
            posts.setString(1, run);
            posts.setString(2, tenant.workspaceId());
            posts.setTimestamp(3, Timestamp.from(due));
            posts.setInt(4, count);
            posts.executeUpdate();
            rows.setString(1, run);
            rows.setString(2, run);
            rows.setString(3, tenant.workspaceId());
            rows.setString(4, tenant.accountId());
            rows.setTimestamp(5, Timestamp.from(due));
            rows.setInt(6, count);
            rows.executeUpdate();
        }
        System.out.printf("%n[dispatch] %,d destinations due at %s%n", count, due);
        String marker = "dest_b" + run + "_";
        List<Long> sendLag = lags(stack, Topics.PUBLISH_REQUESTS, marker, count, due);
        Samples.report("due -> publish request on Kafka" + (isolated ? " (publisher stopped)" : ""), sendLag);
        Instant resultsFrom = due;
        if (isolated) {
            stack.startServices(List.of("publisher-service"));
            resultsFrom = Instant.now();
            System.out.println("  publisher started at " + resultsFrom + "; results measured from then");
        }
        List<Long> resultLag = lags(stack, Topics.PUBLISH_RESULTS, marker, count, resultsFrom);
        Samples.report("-> publish result on Kafka", resultLag);
    }

    /** Milliseconds from {@code due} to each matching record's Kafka timestamp. */
    private static List<Long> lags(HeraldStack stack, String topic, String marker, int count, Instant due) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName());
        List<Long> lags = new ArrayList<>();
        Instant deadline = due.plusSeconds(300);
        try (var consumer = new KafkaConsumer<String, String>(config)) {
            consumer.subscribe(List.of(topic));
            while (lags.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().contains(marker)) {
                        lags.add(record.timestamp() - due.toEpochMilli());
                    }
                }
            }
        }
        return lags;
    }

    private static void creates(HeraldStack stack, Tenant tenant, int seconds, int clients) throws Exception {
        System.out.printf(
                "%n[creates] POST /v1/posts (publish now) through the gateway, %d clients, %d s%n", clients, seconds);
        String body = "{\"caption\":\"Benchmark post\",\"account_ids\":[\"" + tenant.accountId() + "\"]}";
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicInteger failures = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = HTTP.send(
                                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/posts"))
                                        .header("Authorization", "Bearer " + tenant.apiKey())
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 201) {
                            latencies.add((System.nanoTime() - start) / 1_000_000);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        pool.shutdown();
        System.out.printf(
                "  created %,d posts in %d s = %.0f creates/s; %d failed%n",
                latencies.size(), seconds, latencies.size() / (double) seconds, failures.get());
        Samples.report("request latency", latencies);
    }
}
