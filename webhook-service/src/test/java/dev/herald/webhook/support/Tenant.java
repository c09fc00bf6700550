package dev.herald.webhook.support;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.Topics;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

/** One workspace as a test drives it: its API calls (with a real internal JWT) and events on the real topics. */
public final class Tenant {

    private final String workspace = "ws_" + UUID.randomUUID();

    public String workspace() {
        return workspace;
    }

    public RequestSpecification api() {
        return given().header("Authorization", InternalTokens.bearer(workspace)).contentType(ContentType.JSON);
    }

    /** Registers an endpoint; returns the creation response (with its secret). */
    public Map<String, Object> register(String url, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("url", url);
        return api().body(body)
                .post("/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("");
    }

    public Map<String, Object> register(String url) {
        return register(url, Map.of());
    }

    /** The endpoint's deliveries, newest first (up to 100). */
    public List<Map<String, Object>> deliveries(String endpointId) {
        return api().get("/v1/webhooks/" + endpointId + "/deliveries?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
    }

    public Map<String, Object> onlyDelivery(String endpointId) {
        List<Map<String, Object>> all = deliveries(endpointId);
        if (all.size() != 1) {
            throw new AssertionError("expected one delivery, got " + all);
        }
        return all.get(0);
    }

    public List<Map<String, Object>> attempts(String endpointId, String deliveryId) {
        return api().get("/v1/webhooks/" + endpointId + "/deliveries/" + deliveryId + "/attempts?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
    }

    public Map<String, Object> endpoint(String endpointId) {
        return api().get("/v1/webhooks/" + endpointId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** A post.published event for this workspace on the post events topic; returns its id. */
    public String postPublished() {
        String eventId = "evt_" + UUID.randomUUID();
        TestKafka.sendWithId(Topics.POST_EVENTS, "post_x", EventTypes.POST_PUBLISHED, eventId, postEvent(eventId));
        return eventId;
    }

    public PostEvent postEvent(String eventId) {
        return new PostEvent(
                eventId,
                EventTypes.POST_PUBLISHED,
                Instant.now(),
                workspace,
                new PostEvent.PostSnapshot("post_x", "published", "Hi", null, null, null, Instant.now(), List.of()));
    }
}
