package dev.herald.post;

import static dev.herald.post.PostApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
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

import dev.herald.events.CloudEventHeaders;
import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.TestKafka;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PostLifecycleTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldStayUnsentWhenDraftedAndGoOutWhenPublished() {
        String account = PostApi.connectSandboxAccount(workspace);
        String postId = as(workspace)
                .body(Map.of("caption", "Draft", "account_ids", List.of(account), "mode", "draft"))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .body("status", equalTo("draft"))
                .body("destinations[0].status", equalTo("draft"))
                .extract()
                .path("id");

        as(workspace)
                .post("/v1/posts/" + postId + "/publish")
                .then()
                .statusCode(200)
                .body("status", equalTo("publishing"))
                .body("destinations[0].status", equalTo("queued"));
        PublishRequest request = PostApi.requestFor(postId, account);
        assertEquals("Draft", request.caption());
    }

    @Test
    void shouldApplyEditsWhileScheduledAndRefuseThemOncePublished() {
        String first = PostApi.connectSandboxAccount(workspace);
        String second = PostApi.connectSandboxAccount(workspace);
        String postId = as(workspace)
                .body(Map.of(
                        "caption",
                        "v1",
                        "account_ids",
                        List.of(first),
                        "scheduled_at",
                        Instant.now().plusSeconds(3600).toString()))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .body("status", equalTo("scheduled"))
                .extract()
                .path("id");

        as(workspace)
                .body(Map.of(
                        "caption",
                        "v2",
                        "account_ids",
                        List.of(second),
                        "scheduled_at",
                        "2099-06-01T09:00:00",
                        "timezone",
                        "Europe/Paris"))
                .patch("/v1/posts/" + postId)
                .then()
                .statusCode(200)
                .body("caption", equalTo("v2"))
                .body("scheduled_at", equalTo("2099-06-01T07:00:00Z"))
                .body("timezone", equalTo("Europe/Paris"))
                .body("destinations.account_id", contains(second));

        as(workspace).post("/v1/posts/" + postId + "/publish").then().statusCode(200);
        PostApi.answer(PostApi.requestFor(postId, second), PublishResult.PUBLISHED);
        PostApi.awaitStatus(workspace, postId, "published");

        as(workspace)
                .body(Map.of("caption", "v3"))
                .patch("/v1/posts/" + postId)
                .then()
                .statusCode(409)
                .body("error.code", equalTo("post_not_editable"));
        as(workspace)
                .delete("/v1/posts/" + postId)
                .then()
                .statusCode(409)
                .body("error.code", equalTo("post_not_cancelable"));
    }

    @Test
    void shouldCancelAScheduledPostAndAnnounceIt() {
        String account = PostApi.connectSandboxAccount(workspace);
        String postId = as(workspace)
                .body(Map.of(
                        "caption",
                        "Never",
                        "account_ids",
                        List.of(account),
                        "scheduled_at",
                        // beyond the dispatcher's look-ahead (2 s): the post is still cancelable
                        Instant.now().plusSeconds(4).toString()))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        as(workspace)
                .delete("/v1/posts/" + postId)
                .then()
                .statusCode(200)
                .body("status", equalTo("canceled"))
                .body("destinations[0].status", equalTo("canceled"));

        var canceled = TestKafka.await(
                Topics.POST_EVENTS,
                r -> postId.equals(r.key())
                        && EventTypes.POST_CANCELED.equals(TestKafka.header(r, CloudEventHeaders.TYPE)),
                1,
                Duration.ofSeconds(10));
        assertEquals(1, canceled.size());
        // Past its time, it is still not sent.
        var requests =
                TestKafka.await(Topics.PUBLISH_REQUESTS, r -> r.value().contains(postId), 1, Duration.ofSeconds(6));
        assertTrue(requests.isEmpty(), "a canceled post is never dispatched");
    }

    @Test
    void shouldRequeueOnlyTheFailedDestinationWhenRetried() {
        String good = PostApi.connectSandboxAccount(workspace);
        String bad = PostApi.connectSandboxAccount(workspace);
        String postId = PostApi.createNow(workspace, "Two targets", good, bad);
        PostApi.answer(PostApi.requestFor(postId, good), PublishResult.PUBLISHED);
        PostApi.answer(PostApi.requestFor(postId, bad), PublishResult.FAILED);
        PostApi.awaitStatus(workspace, postId, "partial");
        as(workspace)
                .get("/v1/posts/" + postId + "/results")
                .then()
                .statusCode(200)
                .body("results", hasSize(2))
                .body("results.status", hasItem("failed"))
                .body("results.find { it.status == 'failed' }.error.code", equalTo("sandbox_rejected"));

        as(workspace)
                .post("/v1/posts/" + postId + "/retry")
                .then()
                .statusCode(200)
                .body("retried_count", equalTo(1))
                .body("retried[0].account_id", equalTo(bad))
                .body("retried[0].status", equalTo("queued"))
                .body("retried[0].attempts", equalTo(2))
                .body("post.status", equalTo("publishing"));

        var requests =
                TestKafka.await(Topics.PUBLISH_REQUESTS, r -> r.value().contains(postId), 4, Duration.ofSeconds(5));
        assertEquals(3, requests.size(), "two first attempts and one retry, nothing for the published one");
        PostApi.answer(PostApi.requestFor(postId, bad), PublishResult.PUBLISHED);
        PostApi.awaitStatus(workspace, postId, "published");
        as(workspace)
                .post("/v1/posts/" + postId + "/retry")
                .then()
                .statusCode(200)
                .body("retried_count", equalTo(0));
    }

    @Test
    void shouldFilterAndPageThroughPostsNewestFirst() {
        String account = PostApi.connectSandboxAccount(workspace);
        for (int i = 0; i < 3; i++) {
            as(workspace)
                    .body(Map.of(
                            "caption",
                            "Post " + i,
                            "account_ids",
                            List.of(account),
                            "mode",
                            "draft",
                            "external_id",
                            "ext-" + i,
                            "metadata",
                            Map.of("campaign", "winter")))
                    .post("/v1/posts")
                    .then()
                    .statusCode(201);
        }

        String cursor = as(workspace)
                .queryParam("limit", 2)
                .get("/v1/posts")
                .then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("data.caption", contains("Post 2", "Post 1"))
                .body("has_more", equalTo(true))
                .body("next_cursor", notNullValue())
                .extract()
                .path("next_cursor");
        as(workspace)
                .queryParam("limit", 2)
                .queryParam("cursor", cursor)
                .get("/v1/posts")
                .then()
                .statusCode(200)
                .body("data.caption", contains("Post 0"))
                .body("has_more", equalTo(false))
                .body("next_cursor", nullValue());
        as(workspace)
                .queryParam("external_id", "ext-1")
                .get("/v1/posts")
                .then()
                .body("data", hasSize(1))
                .body("data[0].metadata.campaign", equalTo("winter"));
        as(workspace).queryParam("status", "published").get("/v1/posts").then().body("data", hasSize(0));
        as(workspace)
                .queryParam("account_id", account)
                .queryParam("platform", "sandbox")
                .get("/v1/posts")
                .then()
                .body("data", hasSize(3));
        as("ws_other").get("/v1/posts").then().body("data", hasSize(0));
        as(workspace)
                .queryParam("created_from", "yesterday")
                .get("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("created_from"));
        as(workspace).queryParam("limit", 101).get("/v1/posts").then().statusCode(400);
    }

    @Test
    void shouldRefuseAModeAndTimeThatContradictEachOther() {
        String account = PostApi.connectSandboxAccount(workspace);

        as(workspace)
                .body(Map.of(
                        "caption",
                        "x",
                        "account_ids",
                        List.of(account),
                        "mode",
                        "publish_now",
                        "scheduled_at",
                        Instant.now().plusSeconds(60).toString()))
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("scheduled_at"));
        as(workspace)
                .body(Map.of("caption", "x", "account_ids", List.of(account), "mode", "schedule"))
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.details[0].code", equalTo("required"));
        as(workspace)
                .body(Map.of("caption", "x", "account_ids", List.of(account), "mode", "sometime"))
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("mode"));
        as(workspace)
                .body(Map.of(
                        "caption",
                        "x",
                        "account_ids",
                        List.of(account),
                        "scheduled_at",
                        "2099-01-01T09:00:00",
                        "timezone",
                        "Nowhere/Land"))
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("invalid_timezone"));
        as(workspace)
                .body("{\"caption\":\"x\",\"account_ids\":[\"" + account + "\"],\"surprise\":1}")
                .post("/v1/posts")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("malformed_json"));
        as(workspace).patch("/v1/posts/post_missing").then().statusCode(400);
        as(workspace)
                .body(Map.of("caption", "x"))
                .patch("/v1/posts/post_missing")
                .then()
                .statusCode(404);
    }

    @Test
    void shouldDispatchTheNextAttemptWhenTheRetryTimeComes() {
        String account = PostApi.connectSandboxAccount(workspace);
        String postId = PostApi.createNow(workspace, "Rate limited", account);
        PublishRequest first = PostApi.requestFor(postId, account);

        PostApi.retryLater(first, Instant.now().plusSeconds(2));

        var attempts =
                TestKafka.await(Topics.PUBLISH_REQUESTS, r -> r.value().contains(postId), 2, Duration.ofSeconds(15));
        assertEquals(2, attempts.size(), "the destination was due again and sent again");
        PublishRequest second = PostApi.requestFor(postId, account);
        assertEquals(2, second.attempt());
        as(workspace).get("/v1/posts/" + postId).then().body("destinations[0].attempts", equalTo(2));
    }

    @Test
    void shouldStayPublishedWhenALateRetryingResultArrivesAfterThePublication() {
        String account = PostApi.connectSandboxAccount(workspace);
        String postId = PostApi.createNow(workspace, "Out of order", account);
        PublishRequest request = PostApi.requestFor(postId, account);

        PostApi.answer(request, PublishResult.PUBLISHED);
        PostApi.awaitStatus(workspace, postId, "published");
        PostApi.retryLater(request, Instant.now());
        PostApi.answer(request, PublishResult.FAILED);

        var more = TestKafka.await(Topics.PUBLISH_REQUESTS, r -> r.value().contains(postId), 2, Duration.ofSeconds(4));
        assertEquals(1, more.size(), "nothing is sent again");
        as(workspace)
                .get("/v1/posts/" + postId)
                .then()
                .body("status", equalTo("published"))
                .body("destinations[0].error", nullValue());
    }
}
