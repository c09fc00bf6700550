package dev.herald.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import com.sun.net.httpserver.HttpServer;

import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class WebhookDeliveryTest {

    private final String workspace = "ws_" + UUID.randomUUID();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            received.add(new Received(
                    headers.getFirst("webhook-id"),
                    headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8)));
            int status = failuresToAnswer.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void shouldDeliverOneSignedWebhookWhenAPostIsPublished() throws Exception {
        String secret = register(url());

        String eventId = sendPublishedEvent();
        // The same event consumed twice (a replayed topic) must not deliver twice.
        TestKafka.sendWithId(Topics.POST_EVENTS, "post_x", EventTypes.POST_PUBLISHED, eventId, event(eventId));

        await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty());
        // A second delivery of the replayed event, if any, would arrive within this time.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> received.size() == 1);
        assertEquals(1, received.size(), "exactly one delivery");
        Received hook = received.get(0);
        assertTrue(hook.id().startsWith("msg_"), hook.id());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(hook.timestamp())) < 60);
        assertEquals(expectedSignature(secret, hook), hook.signature());
        assertTrue(hook.body().contains("\"type\":\"post.published\""), hook.body());
        assertTrue(hook.body().contains(eventId), hook.body());
    }

    @Test
    void shouldRetryWithTheSameWebhookIdWhenTheEndpointFailsOnce() {
        register(url());
        failuresToAnswer.set(1);

        sendPublishedEvent();

        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 2);
        assertEquals(received.get(0).id(), received.get(1).id(), "receivers dedupe on webhook-id");
    }

    @Test
    void shouldRefuseAnEndpointWhenItResolvesToAPrivateAddress() {
        for (String url : List.of(
                "http://10.0.0.1/hook",
                "http://169.254.169.254/latest",
                "ftp://example.com/x",
                "http://[::ffff:192.168.1.1]/x",
                "not a url")) {
            given().header("Authorization", InternalTokens.bearer(workspace))
                    .contentType(ContentType.JSON)
                    .body(Map.of("url", url))
                    .post("/v1/webhooks")
                    .then()
                    .statusCode(400)
                    .body("error.code", equalTo("validation_failed"))
                    .body("error.details.field", hasItem("url"));
        }
    }

    @Test
    void shouldNeverShowTheSecretAgainWhenListingEndpoints() {
        register(url());

        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/webhooks")
                .then()
                .statusCode(200)
                .body("data[0].url", equalTo(url()))
                .body("data[0].secret", nullValue());
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private String register(String url) {
        return given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("url", url))
                .post("/v1/webhooks")
                .then()
                .statusCode(201)
                .body("id", startsWith("whep_"))
                .body("secret", startsWith("whsec_"))
                .extract()
                .path("secret");
    }

    private String sendPublishedEvent() {
        String eventId = "evt_" + UUID.randomUUID();
        TestKafka.sendWithId(Topics.POST_EVENTS, "post_x", EventTypes.POST_PUBLISHED, eventId, event(eventId));
        return eventId;
    }

    private PostEvent event(String eventId) {
        return new PostEvent(
                eventId,
                EventTypes.POST_PUBLISHED,
                Instant.now(),
                workspace,
                new PostEvent.PostSnapshot("post_x", "published", "Hi", null, null, null, Instant.now(), List.of()));
    }

    /** Computed here, independently of the service's signer, from the Standard Webhooks definition. */
    private static String expectedSignature(String secret, Received hook) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] digest =
                mac.doFinal((hook.id() + "." + hook.timestamp() + "." + hook.body()).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(digest);
    }

    record Received(String id, String timestamp, String signature, String body) {}
}
