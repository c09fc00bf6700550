package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

import com.sun.net.httpserver.HttpServer;

import dev.herald.events.CloudEventHeaders;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * "No webhook lost": the webhook-service is killed (SIGKILL) while it delivers 2,000 events to one endpoint. After
 * the restart every delivery arrives; the receiver sees each webhook-id at least once, exactly 2,000 distinct ids,
 * each signature verified here from the Standard Webhooks definition; duplicates (at-least-once) are counted and
 * reported.
 */
class WebhookCrashIT {

    private static final String ADMIN_TOKEN = "webhooks-" + UUID.randomUUID();
    private static final int EVENTS = 2_000;
    private static HeraldStack stack;

    @BeforeAll
    static void start() {
        Path data = HeraldPaths.root().resolve("system-tests/target/webhooks-" + System.currentTimeMillis());
        // A short lease, so deliveries the killed process had in flight come back within the test.
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN))
                .environment("webhook-service", "HERALD_WEBHOOK_CLAIM_LEASE", "10s");
        stack.startAll();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldDeliverEveryEventWhenTheWebhookServiceIsKilledMidRun() throws Exception {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Webhook crash");
        try (CountingReceiver receiver = new CountingReceiver()) {
            var created = tenant.api()
                    .contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url(), "event_types", List.of(EventTypes.POST_PUBLISHED)))
                    .post("/v1/webhooks")
                    .then()
                    .statusCode(201)
                    .extract();
            String endpoint = created.path("id");
            String secret = created.path("secret");

            Set<String> eventIds = publish(tenant.workspaceId(), EVENTS);

            int beforeCrash = await().atMost(Duration.ofSeconds(120)).until(receiver::distinct, n -> n >= EVENTS / 5);
            stack.killService("webhook-service");
            int atCrash = receiver.distinct();
            stack.startServices(List.of("webhook-service"));

            await().atMost(Duration.ofMinutes(5)).until(() -> receiver.distinct() >= EVENTS);
            // Whatever the killed process still had in flight may arrive once more: let it land before counting.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> tenant.api()
                            .get("/v1/webhooks/" + endpoint + "/deliveries?status=pending&limit=1")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("data")
                            .isEmpty());

            List<CountingReceiver.Hit> hits = receiver.hits();
            Set<String> webhookIds = ConcurrentHashMap.newKeySet();
            Set<String> deliveredEvents = ConcurrentHashMap.newKeySet();
            for (CountingReceiver.Hit hit : hits) {
                assertTrue(verifies(secret, hit), "signature of " + hit.id());
                webhookIds.add(hit.id());
                deliveredEvents.add(EventJson.read(hit.body(), PostEvent.class).id());
            }
            int duplicates = hits.size() - webhookIds.size();
            System.out.printf(
                    "WebhookCrashIT: %d events, killed after %d (%d at the kill), %d requests received, %d distinct"
                            + " webhook-ids, %d duplicates%n",
                    EVENTS, beforeCrash, atCrash, hits.size(), webhookIds.size(), duplicates);
            assertTrue(atCrash < EVENTS, "killed mid-run: " + atCrash + " of " + EVENTS + " delivered before");
            assertEquals(EVENTS, webhookIds.size(), "distinct webhook-ids");
            assertEquals(eventIds, deliveredEvents, "every event delivered");
            tenant.api()
                    .get("/v1/webhooks/" + endpoint + "/deliveries?status=failed&limit=1")
                    .then()
                    .statusCode(200)
                    .body("data.size()", equalTo(0));
        }
    }

    /** Sends {@code count} post.published events for the workspace as the post-service would (CloudEvents headers). */
    private static Set<String> publish(String workspaceId, int count) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all");
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try (var producer = new KafkaProducer<String, String>(config)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String eventId = "evt_crash_" + i + "_" + UUID.randomUUID();
                String postId = "post_crash_" + i;
                var event = new PostEvent(
                        eventId,
                        EventTypes.POST_PUBLISHED,
                        Instant.now(),
                        workspaceId,
                        new PostEvent.PostSnapshot(
                                postId, "published", "Crash " + i, null, null, null, Instant.now(), List.of()));
                var record = new ProducerRecord<>(Topics.POST_EVENTS, postId, EventJson.write(event));
                record.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
                record.headers()
                        .add(CloudEventHeaders.TYPE, EventTypes.POST_PUBLISHED.getBytes(StandardCharsets.UTF_8));
                record.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(record));
                ids.add(eventId);
            }
            for (var future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        return ids;
    }

    /** Standard Webhooks verification written here, independently of the service's signer. */
    private static boolean verifies(String secret, CountingReceiver.Hit hit) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected =
                mac.doFinal((hit.id() + "." + hit.timestamp() + "." + hit.body()).getBytes(StandardCharsets.UTF_8));
        for (String signature : hit.signature().split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    /** A tenant's endpoint on loopback that answers 204 at once and records every request. */
    static final class CountingReceiver implements AutoCloseable {

        record Hit(String id, String timestamp, String signature, String body) {}

        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(16);
        private final List<Hit> hits = new CopyOnWriteArrayList<>();
        private final Set<String> ids = ConcurrentHashMap.newKeySet();

        CountingReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(threads);
            server.createContext("/webhooks", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                var headers = exchange.getRequestHeaders();
                Hit hit = new Hit(
                        headers.getFirst("webhook-id"),
                        headers.getFirst("webhook-timestamp"),
                        headers.getFirst("webhook-signature"),
                        new String(body, StandardCharsets.UTF_8));
                hits.add(hit);
                ids.add(hit.id());
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
        }

        int distinct() {
            return ids.size();
        }

        List<Hit> hits() {
            return List.copyOf(hits);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
