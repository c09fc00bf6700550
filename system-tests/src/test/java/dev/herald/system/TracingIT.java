package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;
import dev.herald.testsupport.OtlpTraceReceiver;
import dev.herald.testsupport.OtlpTraceReceiver.ReceivedSpan;

/**
 * One trace follows a post (issue 10): the services export to a real OTLP/HTTP receiver, the test starts the trace
 * itself (a W3C {@code traceparent} on its {@code POST /v1/posts}), and the spans of that trace must come from the
 * gateway, the post-service, the publisher and the webhook-service — across two outboxes and three Kafka hops.
 */
class TracingIT {

    private static final String ADMIN_TOKEN = "tracing-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OtlpTraceReceiver collector;
    private static WebhookReceiver webhooks;
    private static HeraldStack stack;

    @BeforeAll
    static void start() throws Exception {
        collector = OtlpTraceReceiver.start();
        webhooks = new WebhookReceiver();
        Path data = HeraldPaths.root().resolve("system-tests/target/tracing-" + System.currentTimeMillis());
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        for (String service : HeraldStack.SERVICE_NAMES) {
            stack.environment(service, "HERALD_OTEL_ENDPOINT", collector.endpoint())
                    // Batches leave every 200 ms rather than 5 s: the test waits for them.
                    .environment(service, "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms")
                    .environment(service, "HERALD_LOG_JSON", "true");
        }
        stack.startAll();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (webhooks != null) {
            webhooks.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void shouldShareOneTraceIdAcrossGatewayPostPublisherAndWebhookServicesWhenAPostIsPublished() throws IOException {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Traced");
        tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("url", webhooks.url()))
                .post("/v1/webhooks")
                .then()
                .statusCode(201);
        String account = tenant.connectSandboxAccount();

        String traceId = randomHex(16);
        String postId = tenant.api()
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .contentType(ContentType.JSON)
                .body(Map.of("caption", "Traced from the gateway to the webhook", "account_ids", List.of(account)))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals("published", tenant.awaitFinal(postId).getString("status"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> webhooks.received().stream().anyMatch(d -> d.body().contains(postId)));

        Set<String> expected = Set.of("api-gateway", "post-service", "publisher-service", "webhook-service");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> assertTrue(services(collector.trace(traceId)).containsAll(expected), describe(traceId)));
        // The delivery's span is exported by the webhook-service's own batch span processor, which may send it a
        // moment after its consumer span (every service exports on its own schedule): wait for it as well.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertTrue(
                        collector.trace(traceId).stream()
                                .anyMatch(s -> s.service().equals("webhook-service")
                                        && s.kind().equals("SPAN_KIND_CLIENT")
                                        && s.name().equals("webhook POST")),
                        "the webhook-service sent a delivery in the trace: " + describe(traceId)));

        List<ReceivedSpan> trace = collector.trace(traceId);
        assertTrue(
                trace.stream()
                        .anyMatch(s -> s.service().equals("api-gateway")
                                && s.kind().equals("SPAN_KIND_SERVER")
                                && s.name().startsWith("POST")),
                "the gateway's server span of POST /v1/posts: " + describe(traceId));
        // The Kafka hops: the outbox relay's producer spans, continued by the consumers' spans of those records.
        assertTrue(
                trace.stream()
                        .anyMatch(s -> s.service().equals("post-service")
                                && s.kind().equals("SPAN_KIND_PRODUCER")
                                && "herald.publish.requests.v1"
                                        .equals(s.attributes().get("messaging.destination.name"))),
                "post-service relayed the publish request in the trace: " + describe(traceId));
        assertTrue(
                trace.stream()
                        .anyMatch(s -> s.service().equals("publisher-service")
                                && s.kind().equals("SPAN_KIND_PRODUCER")
                                && "herald.publish.results.v1"
                                        .equals(s.attributes().get("messaging.destination.name"))),
                "the publisher relayed its result in the trace: " + describe(traceId));
        assertTrue(
                trace.stream()
                        .anyMatch(s -> s.service().equals("webhook-service")
                                && s.kind().equals("SPAN_KIND_CONSUMER")),
                "the webhook-service consumed an event of the trace: " + describe(traceId));
        // The delivery is sent later by the dispatcher's own threads; its send continues the trace kept on its row.
        assertTrue(
                trace.stream()
                        .anyMatch(s -> s.service().equals("webhook-service")
                                && s.kind().equals("SPAN_KIND_CLIENT")
                                && s.name().equals("webhook POST")),
                "the webhook-service sent a delivery in the trace: " + describe(traceId));
        assertTrue(collector.rejected().isEmpty(), "every export was a valid OTLP request: " + collector.rejected());

        // JSON logs (HERALD_LOG_JSON): the lines written for this post carry its trace id, and the post-service's the
        // request id the gateway gave the tenant.
        JsonNode created = logLine("post-service", "Post " + postId + " created");
        assertEquals(traceId, created.path("mdc").path("traceId").asText(), created.toString());
        assertTrue(created.path("mdc").path("requestId").asText().startsWith("req_"), created.toString());
        assertEquals("post-service", created.path("service").asText(), created.toString());
        JsonNode published = logLine("publisher-service", "of post " + postId + " on ");
        assertEquals(traceId, published.path("mdc").path("traceId").asText(), published.toString());
    }

    /** The service's first JSON log line whose message contains {@code text}; every line must be JSON. */
    private static JsonNode logLine(String service, String text) throws IOException {
        JsonNode found = null;
        for (String line : Files.readAllLines(stack.logDir().resolve(service + ".log"))) {
            if (!line.startsWith("{")) {
                continue; // the JVM's own lines before logging starts
            }
            JsonNode json = JSON.readTree(line);
            if (found == null && json.path("message").asText().contains(text)) {
                found = json;
            }
        }
        assertNotNull(found, service + " logged no JSON line with '" + text + "'");
        return found;
    }

    private static Set<String> services(List<ReceivedSpan> spans) {
        return spans.stream().map(ReceivedSpan::service).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static String describe(String traceId) {
        return collector.trace(traceId).stream()
                .map(s -> s.service() + " " + s.kind() + " " + s.name())
                .collect(Collectors.joining(
                        "; ",
                        "trace " + traceId + ": ",
                        " (" + collector.spans().size() + " spans received from " + services(collector.spans()) + ")"));
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
