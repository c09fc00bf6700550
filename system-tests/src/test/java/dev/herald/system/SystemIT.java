package dev.herald.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * The six services as real processes (their packaged jars) on a real Kafka broker and PostgreSQL, driven through the
 * gateway only, as a tenant would.
 */
class SystemIT {

    private static final String ADMIN_TOKEN = "system-test-" + UUID.randomUUID();
    private static HeraldStack stack;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        Path data = HeraldPaths.root().resolve("system-tests/target/stack-" + System.currentTimeMillis());
        stack = HeraldStack.start(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldPublishOnceAndDeliverOneSignedWebhookWhenAPostIsScheduledTwoSecondsAhead() throws Exception {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Scheduled");
        String secret = tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url()))
                .post("/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        String account = tenant.connectSandboxAccount();

        Instant created = Instant.now();
        String postId = tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "caption",
                        "Hello from the system test",
                        "account_ids",
                        List.of(account),
                        "scheduled_at",
                        created.plusSeconds(2).toString()))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .body("status", equalTo("scheduled"))
                .extract()
                .path("id");

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> tenant.api()
                        .get("/v1/posts/" + postId)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("published"))
                        .body("destinations[0].status", equalTo("published"))
                        .body("destinations[0].permalink", startsWith("https://sandbox.herald.dev/"))
                        .body("destinations[0].attempts", equalTo(1)));
        assertTrue(Duration.between(created, Instant.now()).toSeconds() <= 10);

        await().atMost(Duration.ofSeconds(10)).until(() -> !published(postId).isEmpty());
        // A second delivery, if any, would arrive within this time.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> published(postId).size() == 1);
        List<WebhookReceiver.Delivery> forPost = published(postId);
        assertEquals(1, forPost.size(), "exactly one post.published webhook for the post");
        WebhookReceiver.Delivery delivery = forPost.get(0);
        assertEquals(sign(secret, delivery), delivery.signature(), "Standard Webhooks signature verifies");

        tenant.api()
                .queryParam("post_id", postId)
                .get("/v1/analytics")
                .then()
                .statusCode(200)
                .body("data[0].status", equalTo("published"));

        Tenant other = Tenant.provision(stack, ADMIN_TOKEN, "Other");
        other.api().get("/v1/posts/" + postId).then().statusCode(404).body("error.code", equalTo("not_found"));
        other.api()
                .queryParam("post_id", postId)
                .get("/v1/analytics")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(0));
    }

    @Test
    void shouldPublishAPostCreatedWhileThePublisherWasStoppedWhenItStartsAgain() {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Outage");
        String account = tenant.connectSandboxAccount();

        stack.stopService("publisher-service");
        String postId;
        try {
            postId = tenant.api()
                    .contentType(ContentType.JSON)
                    .body(Map.of("caption", "Created during an outage", "account_ids", List.of(account)))
                    .post("/v1/posts")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> tenant.api()
                            .get("/v1/posts/" + postId)
                            .then()
                            .body("status", equalTo("publishing"))
                            .body("destinations[0].status", equalTo("queued")));
        } finally {
            stack.startServices(List.of("publisher-service"));
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> tenant.api()
                        .get("/v1/posts/" + postId)
                        .then()
                        .body("status", equalTo("published"))
                        .body("destinations[0].attempts", equalTo(1)));
    }

    @Test
    void shouldAnswer401WithTheErrorFormatWhenNoKeyIsSent() {
        given().baseUri(stack.gatewayUrl())
                .get("/v1/posts/post_x")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("unauthorized"));
    }

    private static List<WebhookReceiver.Delivery> published(String postId) {
        return receiver.received().stream()
                .filter(d -> d.body().contains(postId) && d.body().contains("\"type\":\"post.published\""))
                .toList();
    }

    @Test
    void shouldRefuseADirectCallToAServiceWhenItCarriesNoGatewayToken() {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Direct");
        for (String service :
                List.of("post-service", "publisher-service", "webhook-service", "analytics-service", "media-service")) {
            // A forged workspace header or a tenant's own API key is not the gateway's signed token.
            given().baseUri(stack.url(service))
                    .header("X-Workspace-Id", tenant.workspaceId())
                    .get("/v1/posts/post_x")
                    .then()
                    .statusCode(401);
            given().baseUri(stack.url(service))
                    .header("Authorization", "Bearer " + tenant.apiKey())
                    .get("/v1/accounts")
                    .then()
                    .statusCode(401);
        }
    }

    /** Computed here from the Standard Webhooks definition, independently of the service's signer. */
    private static String sign(String secret, WebhookReceiver.Delivery delivery) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] digest = mac.doFinal(
                (delivery.id() + "." + delivery.timestamp() + "." + delivery.body()).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(digest);
    }

    /** A workspace with a test key, created through the operator API. */
}
