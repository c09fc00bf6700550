package dev.herald.webhook;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.webhook.support.Receiver;
import dev.herald.webhook.support.ReceiverTest;
import dev.herald.webhook.support.StandardWebhooksVerifier;
import dev.herald.webhook.support.Tenant;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class WebhookApiTest extends ReceiverTest {

    @Test
    void shouldShowTheSecretOnlyOnCreationWhenManagingAnEndpoint() {
        Map<String, Object> created = tenant.register(
                receiver.url("/crud"),
                Map.of(
                        "description",
                        "orders",
                        "event_types",
                        List.of("post.failed"),
                        "metadata",
                        Map.of("team", "a")));
        String id = (String) created.get("id");
        assertTrue(id.startsWith("whep_"));
        assertTrue(((String) created.get("secret")).startsWith("whsec_"));

        tenant.api()
                .get("/v1/webhooks")
                .then()
                .statusCode(200)
                .body("data[0].id", equalTo(id))
                .body("data[0].secret", nullValue())
                .body("has_more", equalTo(false));
        tenant.api()
                .get("/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("secret", nullValue())
                .body("event_types", equalTo(List.of("post.failed")))
                .body("metadata.team", equalTo("a"));

        tenant.api()
                .body(Map.of("description", "", "event_types", List.of()))
                .patch("/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("description", nullValue())
                .body("event_types", equalTo(List.of()))
                .body("metadata.team", equalTo("a"))
                .body("url", equalTo(receiver.url("/crud")));
        tenant.api()
                .body(Map.of("event_types", List.of("post.nope")))
                .patch("/v1/webhooks/" + id)
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("unknown_event_type"));
        tenant.api()
                .body(Map.of("url", "http://10.0.0.1/x"))
                .patch("/v1/webhooks/" + id)
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("url_not_allowed"));

        tenant.api()
                .post("/v1/webhooks/" + id + "/disable")
                .then()
                .statusCode(200)
                .body("status", equalTo("disabled"))
                .body("disabled_reason", equalTo("disabled_by_tenant"));
        tenant.api()
                .post("/v1/webhooks/" + id + "/test")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("endpoint_disabled"));
        tenant.api()
                .post("/v1/webhooks/" + id + "/enable")
                .then()
                .statusCode(200)
                .body("status", equalTo("enabled"));

        tenant.api().delete("/v1/webhooks/" + id).then().statusCode(204);
        tenant.api().get("/v1/webhooks/" + id).then().statusCode(404).body("error.code", equalTo("not_found"));
        new Tenant().api().get("/v1/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void shouldReturnTheSameEndpointAndSecretWhenACreationIsRetriedWithItsIdempotencyKey() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("url", receiver.url("/idem"));

        JsonPath first = tenant.api()
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        JsonPath second = tenant.api()
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/webhooks")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .extract()
                .jsonPath();

        assertEquals(first.getString("id"), second.getString("id"));
        assertEquals(first.getString("secret"), second.getString("secret"));
        tenant.api().get("/v1/webhooks").then().statusCode(200).body("data.size()", equalTo(1));
        tenant.api()
                .header("Idempotency-Key", key)
                .body(Map.of("url", receiver.url("/other")))
                .post("/v1/webhooks")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("idempotency_key_reused"));
    }

    @Test
    void shouldRefuseMalformedBodiesWithAClearCode() {
        tenant.api()
                .body("{")
                .post("/v1/webhooks")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("malformed_json"));
        tenant.api().body("").post("/v1/webhooks").then().statusCode(400).body("error.code", equalTo("body_required"));
        tenant.api()
                .body(Map.of("url", receiver.url("/x"), "colour", "red"))
                .post("/v1/webhooks")
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("unknown_field"));
        tenant.api()
                .body(Map.of("url", receiver.url("/x"), "event_types", "post.failed"))
                .post("/v1/webhooks")
                .then()
                .statusCode(400);
        tenant.api().get("/v1/webhooks?limit=0").then().statusCode(400);
        tenant.api()
                .get("/v1/events?cursor=abc")
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("invalid_cursor"));
        tenant.api()
                .body(Map.of("since", "last week"))
                .post("/v1/webhooks/whep_x/recover")
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("invalid_datetime"));
    }

    @Test
    void shouldSendATestEventAndReturnTheAttemptWhenAskedTo() {
        receiver.answer("/test", Receiver.Answer.status(200, Map.of(), "x".repeat(3000)));
        Map<String, Object> created = tenant.register(receiver.url("/test"));
        String id = (String) created.get("id");

        JsonPath attempt = tenant.api()
                .post("/v1/webhooks/" + id + "/test")
                .then()
                .statusCode(200)
                .body("id", startsWith("whatt_"))
                .body("response_status", equalTo(200))
                .body("duration_ms", notNullValue())
                .body("request_headers.webhook-id", startsWith("msg_"))
                .body("request_headers.webhook-signature", startsWith("v1,"))
                .extract()
                .jsonPath();

        assertEquals(1024, attempt.getString("response_body").length(), "only the first KB is kept");
        Receiver.Hit hit = receiver.hits("/test").get(0);
        assertEquals(attempt.getString("request_headers.webhook-id"), hit.id());
        StandardWebhooksVerifier.verify(
                (String) created.get("secret"),
                hit.id(),
                hit.timestamp(),
                hit.signature(),
                hit.body(),
                clock.instant());
        assertEquals("webhook.test", JsonPath.from(hit.body()).getString("type"));
    }

    @Test
    void shouldResendEachFailedDeliveryOnceWhenRecoveringSinceATime() {
        Instant since = clock.instant();
        receiver.answer("/outage", Receiver.Answer.status(410));
        String id = (String) tenant.register(receiver.url("/outage")).get("id");
        tenant.postPublished();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> "disabled".equals(tenant.endpoint(id).get("status")));
        String failed = (String) tenant.onlyDelivery(id).get("id");
        tenant.api()
                .post("/v1/webhooks/" + id + "/deliveries/" + failed + "/retry")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("endpoint_disabled"));

        receiver.answer("/outage", Receiver.Answer.status(204));
        tenant.api().post("/v1/webhooks/" + id + "/enable").then().statusCode(200);
        tenant.api()
                .body(Map.of("since", since.toString()))
                .post("/v1/webhooks/" + id + "/recover")
                .then()
                .statusCode(200)
                .body("recovered_count", equalTo(1));
        tenant.api()
                .body(Map.of("since", since.toString()))
                .post("/v1/webhooks/" + id + "/recover")
                .then()
                .statusCode(200)
                .body("recovered_count", equalTo(0));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> "delivered".equals(tenant.onlyDelivery(id).get("status")));
        List<Receiver.Hit> hits = receiver.hits("/outage");
        assertEquals(2, hits.size(), "the 410 and the one re-send");
        assertEquals(hits.get(0).id(), hits.get(1).id(), "a re-send keeps its webhook-id");
        tenant.api()
                .post("/v1/webhooks/" + id + "/deliveries/" + failed + "/retry")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("delivery_not_failed"));
        List<Map<String, Object>> attempts = tenant.attempts(id, failed);
        assertEquals(
                List.of("scheduled", "manual"),
                attempts.stream().map(a -> a.get("trigger")).toList());
    }

    @Test
    void shouldResendOneFailedDeliveryWhenRetried() {
        receiver.answer("/retry", Receiver.Answer.status(410));
        String id = (String) tenant.register(receiver.url("/retry")).get("id");
        tenant.postPublished();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> "disabled".equals(tenant.endpoint(id).get("status")));
        receiver.answer("/retry", Receiver.Answer.status(204));
        tenant.api().post("/v1/webhooks/" + id + "/enable").then().statusCode(200);
        String failed = (String) tenant.onlyDelivery(id).get("id");

        tenant.api()
                .post("/v1/webhooks/" + id + "/deliveries/" + failed + "/retry")
                .then()
                .statusCode(200)
                .body("status", equalTo("pending"));

        // The delivery itself as the awaited value: a timeout then says what state it was left in.
        await().atMost(Duration.ofSeconds(15))
                .until(() -> tenant.onlyDelivery(id), d -> "delivered".equals(d.get("status")));
        assertEquals(2, receiver.hits("/retry").size());
    }

    @Test
    void shouldDescribeEveryEventTypeWithASchemaAndAnExample() {
        JsonPath catalogue = tenant.api()
                .get("/v1/event-types")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> types = catalogue.getList("data.type");
        assertTrue(
                types.containsAll(List.of(
                        "post.scheduled",
                        "post.published",
                        "post.partially_published",
                        "post.failed",
                        "post.canceled",
                        "destination.published",
                        "destination.failed",
                        "destination.retrying",
                        "media.ready",
                        "media.failed",
                        "account.connected",
                        "account.expiring",
                        "account.expired",
                        "account.disconnected",
                        "post.late",
                        "webhook.test")),
                types.toString());
        for (int i = 0; i < types.size(); i++) {
            assertEquals(types.get(i), catalogue.getString("data[" + i + "].example.type"));
            assertTrue(catalogue.getString("data[" + i + "].example.id").startsWith("evt_"));
            assertEquals(
                    List.of("id", "type", "created_at", "workspace_id", "data"),
                    catalogue.getList("data[" + i + "].schema.required"));
        }
    }

    @Test
    void shouldServeTheWorkspaceEventsInOrderWhenPulled() {
        Tenant other = new Tenant();
        other.postPublished();
        String first = tenant.postPublished();
        String second = tenant.postPublished();

        JsonPath page = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> tenant.api()
                                .get("/v1/events?limit=1")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        // Both events recorded: the first page then says there is more.
                        p -> p.getList("data").size() == 1 && p.getBoolean("has_more"));
        assertEquals(first, page.getString("data[0].id"));
        assertEquals(tenant.workspace(), page.getString("data[0].workspace_id"));
        assertEquals(true, page.getBoolean("has_more"));
        String cursor = page.getString("next_cursor");

        JsonPath next = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> tenant.api()
                                .get("/v1/events?cursor=" + cursor)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        p -> p.getList("data").size() == 1);
        assertEquals(second, next.getString("data[0].id"));
        assertEquals("post.published", next.getString("data[0].type"));
        assertNotEquals(cursor, next.getString("next_cursor"));
        tenant.api().get("/v1/events?type=post.failed").then().statusCode(200).body("data.size()", equalTo(0));
        tenant.api()
                .get("/v1/events?type=post.published")
                .then()
                .statusCode(200)
                .body("data.id", hasItems(first, second));
    }
}
