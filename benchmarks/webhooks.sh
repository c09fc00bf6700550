#!/usr/bin/env bash
# Webhook delivery benchmark (issue 8): starts the whole stack on free ports (throwaway data under benchmarks/target),
# provisions a workspace, registers one endpoint on a local receiver (answers 204 at once), then
#   1. burst: BURST post.published events written to herald.post.events.v1 at once -> deliveries/s (first to last
#      received) and event -> received latency;
#   2. paced: RATE events/s for SECONDS seconds -> event -> received latency p50/p99/max (goal: p99 <= 500 ms at 200/s).
# Latency is measured from the event's created_at (set when the benchmark writes it to Kafka) to its arrival at the
# receiver, per distinct webhook-id; the receiver runs in the benchmark's JVM on the same machine.
#   benchmarks/webhooks.sh [burst=5000] [rate=200] [seconds=30]
# HERALD_WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT, when set, is passed to the webhook-service (default there: 8).
# HERALD_BENCH_JAVA_OPTIONS, when set, replaces the services' JVM options (the system tests' default:
#   "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"; e.g. "-Xmx192m -XX:+UseSerialGC" to measure with C2).
# HERALD_BENCH_WARMUP_SECONDS=<n>, when set, adds a paced warm-up of n seconds at RATE (discarded) before the burst:
#   C2 (HERALD_BENCH_JAVA_OPTIONS without TieredStopAtLevel=1) compiles the hot paths only after thousands of calls.
# HERALD_BENCH_JFR=<file.jfr>, when set, records a JFR profile of the webhook-service into that file (written when the
#   service stops at the end), e.g. for `jfr print --events jdk.ExecutionSample <file.jfr>`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
benchmarks/build.sh
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/WebhookBenchmark.java" <<'JAVA'
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.herald.events.CloudEventHeaders;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

public class WebhookBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** webhook-id -> ms from the event's created_at to its first arrival. */
    static final Map<String, Long> latency = new ConcurrentHashMap<>();
    /** webhook-id -> arrival (epoch ms). */
    static final Map<String, Long> arrival = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int burst = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        System.out.printf("Machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println("Load average at start: " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
        String admin = "bench-" + UUID.randomUUID();
        Path data = HeraldPaths.root().resolve("benchmarks/target/webhooks-" + System.currentTimeMillis());
        HeraldStack.Options options = HeraldStack.Options.forTests(data, admin);
        String javaOptions = System.getenv("HERALD_BENCH_JAVA_OPTIONS");
        if (javaOptions != null && !javaOptions.isBlank()) {
            options = new HeraldStack.Options(options.dataDir(), options.durable(), options.fresh(), options.basePort(),
                    options.kafkaPort(), options.postgresPort(), options.adminToken(),
                    options.allowLoopbackWebhooks(), options.rateLimitPerMinute(), javaOptions);
        }
        System.out.println("Services' JVM options: " + options.javaOptions());
        HeraldStack stack = HeraldStack.create(options);
        String jfr = System.getenv("HERALD_BENCH_JFR");
        if (jfr != null && !jfr.isBlank()) {
            System.out.println("webhook-service: JFR recording into " + jfr);
            stack.environment("webhook-service", "JAVA_TOOL_OPTIONS",
                    "-XX:StartFlightRecording=filename=" + Path.of(jfr).toAbsolutePath() + ",settings=profile");
        }
        String perEndpoint = System.getenv("HERALD_WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT");
        if (perEndpoint != null) {
            System.out.println("webhook-service: HERALD_WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT=" + perEndpoint);
            stack.environment("webhook-service", "HERALD_WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT", perEndpoint);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        System.out.println("Starting the stack ...");
        stack.startAll();

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            JsonNode event = JSON.readTree(body);
            long created = Instant.parse(event.get("created_at").asText()).toEpochMilli();
            latency.putIfAbsent(id, now - created);
            arrival.putIfAbsent(id, now);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        JsonNode workspace = call("POST", stack.gatewayUrl() + "/admin/v1/workspaces", admin, "{\"name\":\"bench\"}");
        String workspaceId = workspace.get("workspace_id").asText();
        String key = workspace.get("api_key").get("secret").asText();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String endpoint = call("POST", stack.gatewayUrl() + "/v1/webhooks", key, "{\"url\":\"" + url + "\"}")
                .get("id").asText();

        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0))) {
            // Warm-up: the first deliveries pay for class loading and connection set-up.
            for (int i = 0; i < 200; i++) {
                send(producer, workspaceId, "warm-" + i);
            }
            await(200, Duration.ofSeconds(60));
            int warmupSeconds = Integer.parseInt(System.getenv().getOrDefault("HERALD_BENCH_WARMUP_SECONDS", "0"));
            if (warmupSeconds > 0) {
                System.out.printf("Warm-up: %d events/s for %d s (discarded)%n", rate, warmupSeconds);
                pace(producer, workspaceId, "warm-paced-", rate, rate * warmupSeconds);
                await(200 + rate * warmupSeconds, Duration.ofMinutes(5));
            }
            latency.clear();
            arrival.clear();

            System.out.printf("%nBurst: %,d events written at once%n", burst);
            long start = System.currentTimeMillis();
            for (int i = 0; i < burst; i++) {
                send(producer, workspaceId, "burst-" + i);
            }
            producer.flush();
            long written = System.currentTimeMillis();
            await(burst, Duration.ofMinutes(10));
            List<Long> arrivals = new ArrayList<>(arrival.values());
            Collections.sort(arrivals);
            double span = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1000.0;
            System.out.printf("  written in %d ms; %,d delivered, first %d ms after the first write, last %d ms%n",
                    written - start, arrivals.size(), arrivals.get(0) - start,
                    arrivals.get(arrivals.size() - 1) - start);
            System.out.printf("  deliveries/s (first -> last received): %.0f%n", (arrivals.size() - 1) / span);
            report("event -> received (burst)", new ArrayList<>(latency.values()));
            latency.clear();
            arrival.clear();

            int total = rate * seconds;
            System.out.printf("%nPaced: %d events/s for %d s (%,d events)%n", rate, seconds, total);
            pace(producer, workspaceId, "paced-", rate, total);
            await(total, Duration.ofMinutes(5));
            report("event -> received (paced)", new ArrayList<>(latency.values()));
            breakdown(stack, key, endpoint);
        }
        receiver.stop(0);
        stack.close();
        System.exit(0);
    }

    /** Writes {@code total} events at {@code rate} per second, each at its own scheduled time. */
    static void pace(KafkaProducer<String, String> producer, String workspaceId, String tag, int rate, int total)
            throws InterruptedException {
        long begin = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = begin + (long) (i * 1_000_000_000.0 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            send(producer, workspaceId, tag + i);
        }
        producer.flush();
    }

    /** Where the time goes, from the last 100 deliveries: event -> stored (consumed) and stored -> delivered. */
    static void breakdown(HeraldStack stack, String key, String endpoint) throws Exception {
        JsonNode page = call("GET", stack.gatewayUrl() + "/v1/webhooks/" + endpoint + "/deliveries?limit=100", key, "");
        List<Long> consumed = new ArrayList<>();
        List<Long> dispatched = new ArrayList<>();
        for (JsonNode delivery : page.get("data")) {
            if (!delivery.hasNonNull("delivered_at")) {
                continue;
            }
            Instant stored = Instant.parse(delivery.get("created_at").asText());
            Instant delivered = Instant.parse(delivery.get("delivered_at").asText());
            Long total = latency.get(delivery.get("id").asText());
            if (total != null) {
                dispatched.add(java.time.Duration.between(stored, delivered).toMillis());
                consumed.add(total - java.time.Duration.between(stored, delivered).toMillis());
            }
        }
        report("of which event -> delivery stored (last 100)", consumed);
        report("of which stored -> delivered (last 100)", dispatched);
    }

    static void send(KafkaProducer<String, String> producer, String workspaceId, String tag) {
        String eventId = "evt_" + tag + "_" + UUID.randomUUID();
        String postId = "post_" + tag;
        Instant now = Instant.now();
        var event = new PostEvent(eventId, EventTypes.POST_PUBLISHED, now, workspaceId,
                new PostEvent.PostSnapshot(postId, "published", "Benchmark " + tag, null, null, null, now, List.of()));
        var record = new ProducerRecord<>(Topics.POST_EVENTS, postId, EventJson.write(event));
        record.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, EventTypes.POST_PUBLISHED.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    static void await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (latency.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + latency.size() + " of " + count + " delivered");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    static void report(String what, List<Long> millis) {
        Collections.sort(millis);
        System.out.printf("  %s (ms, n=%,d): p50 %d, p99 %d, max %d%n", what, millis.size(),
                percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1));
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static JsonNode call(String method, String url, String bearer, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
JAVA
java -Xmx1g -XX:+UseSerialGC -Dherald.root="$ROOT" \
  -cp "benchmarks/target/herald-benchmarks.jar:benchmarks/target/lib/*" "$WORK/WebhookBenchmark.java" "$@"
