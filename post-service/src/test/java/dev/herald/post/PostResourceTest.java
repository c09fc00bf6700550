package dev.herald.post;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.restassured.http.ContentType;

import dev.herald.events.CloudEventHeaders;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PostResourceTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldQueuePublishAndAnnounceWhenAPublishNowPostGetsAPublishedResult() {
        String account = PostApi.connectSandboxAccount(workspace);

        String postId = given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("caption", "Hello from Herald", "account_ids", List.of(account)))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .body("id", startsWith("post_"))
                .body("status", equalTo("publishing"))
                .body("destinations", hasSize(1))
                .body("destinations[0].status", equalTo("queued"))
                .body("destinations[0].attempts", equalTo(1))
                .extract()
                .path("id");

        var requests =
                TestKafka.await(Topics.PUBLISH_REQUESTS, r -> r.value().contains(postId), 1, Duration.ofSeconds(15));
        assertEquals(1, requests.size(), "one publish request on Kafka");
        assertEquals(account, requests.get(0).key(), "keyed by account");
        assertEquals(EventTypes.PUBLISH_REQUESTED, TestKafka.header(requests.get(0), CloudEventHeaders.TYPE));
        PublishRequest request = EventJson.read(requests.get(0).value(), PublishRequest.class);

        var result = new PublishResult(
                workspace,
                postId,
                request.destinationId(),
                account,
                "sandbox",
                PublishResult.PUBLISHED,
                "sbx_1",
                "https://sandbox.example/p/1",
                null,
                null,
                1,
                Instant.now(),
                null,
                Instant.now());
        String resultId = TestKafka.send(Topics.PUBLISH_RESULTS, postId, EventTypes.PUBLISH_RESULT, result);
        // A redelivery of the same event must change nothing.
        TestKafka.sendWithId(Topics.PUBLISH_RESULTS, postId, EventTypes.PUBLISH_RESULT, resultId, result);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().header("Authorization", InternalTokens.bearer(workspace))
                        .get("/v1/posts/" + postId)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("published"))
                        .body("destinations[0].permalink", equalTo("https://sandbox.example/p/1"))
                        .body("destinations[0].platform_post_id", equalTo("sbx_1")));

        var events = TestKafka.await(
                Topics.POST_EVENTS,
                r -> postId.equals(r.key())
                        && EventTypes.POST_PUBLISHED.equals(TestKafka.header(r, CloudEventHeaders.TYPE)),
                2,
                Duration.ofSeconds(5));
        assertEquals(1, events.size(), "exactly one post.published event");
        PostEvent event = EventJson.read(events.get(0).value(), PostEvent.class);
        assertEquals(EventTypes.POST_PUBLISHED, event.type());
        assertEquals(workspace, event.workspaceId());
        assertEquals("published", event.data().destinations().get(0).status());
    }

    @Test
    void shouldDispatchWhenAScheduledPostBecomesDue() {
        String account = PostApi.connectSandboxAccount(workspace);
        Instant due = Instant.now().plusSeconds(2);

        String postId = given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("caption", "Later", "account_ids", List.of(account), "scheduled_at", due.toString()))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .body("status", equalTo("scheduled"))
                .body("destinations[0].status", equalTo("scheduled"))
                .extract()
                .path("id");

        var requests =
                TestKafka.await(Topics.PUBLISH_REQUESTS, r -> r.value().contains(postId), 1, Duration.ofSeconds(15));
        assertEquals(1, requests.size());
        // Claimed up to the look-ahead before its time, but held in the outbox until then: never sent early.
        assertTrue(
                requests.get(0).timestamp() >= due.toEpochMilli(),
                "sent at " + Instant.ofEpochMilli(requests.get(0).timestamp()) + ", due " + due);
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/posts/" + postId)
                .then()
                .body("destinations[0].status", equalTo("queued"));
    }

    @Test
    void shouldAnswer404WhenAnotherWorkspaceAsksForThePost() {
        String account = PostApi.connectSandboxAccount(workspace);
        String postId = given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("caption", "Mine", "account_ids", List.of(account)))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        given().header("Authorization", InternalTokens.bearer("ws_other"))
                .get("/v1/posts/" + postId)
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void shouldReportEveryProblemWhenThePostIsInvalid() {
        given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "caption", " ", "account_ids", List.of("acct_nope"), "scheduled_at", "2020-01-01T00:00:00Z"))
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("validation_failed"))
                .body("error.details.field", hasItem("caption"))
                .body("error.details.field", hasItem("scheduled_at"))
                .body("error.details.code", hasItem("account_not_found"));
    }

    @Test
    void shouldAnswer400WhenTheBodyIsNotJson() {
        given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body("{\"caption\": ")
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("malformed_json"));
    }

    @Test
    void shouldAnswer401WhenNoInternalTokenIsPresented() {
        given().get("/v1/posts/post_x").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt")
                .get("/v1/posts/post_x")
                .then()
                .statusCode(401);
    }
}
