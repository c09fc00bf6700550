package dev.herald.post;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.AccountEvent;
import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.PublisherHeartbeat;
import dev.herald.events.Topics;
import dev.herald.post.health.PublishingPreflight;
import dev.herald.post.health.PublishingWatchdog;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.TestKafka;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PublishingWatchdogTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    PublishingWatchdog watchdog;

    @Inject
    EntityManager entityManager;

    @Inject
    PublishingPreflight preflight;

    @Test
    void shouldWarnOnceWithTheReasonWhenAScheduledPostsAccountIsDisconnectedShortlyBeforeItIsDue() {
        String account = PostApi.connectSandboxAccount(workspace);
        String postId = PostApi.as(workspace)
                .body(java.util.Map.of(
                        "caption",
                        "Tomorrow's news, today",
                        "account_ids",
                        java.util.List.of(account),
                        "scheduled_at",
                        java.time.Instant.now().plusSeconds(300).toString()))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        TestKafka.send(
                Topics.ACCOUNTS,
                account,
                EventTypes.ACCOUNT_DISCONNECTED,
                new AccountEvent(account, workspace, "sandbox", "@tester", "revoked", "test", java.time.Instant.now()));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> PostApi.as(workspace)
                        .body(java.util.Map.of("caption", "probe", "account_ids", java.util.List.of(account)))
                        .post("/v1/posts/validate")
                        .then()
                        .body("problems.code", org.hamcrest.Matchers.hasItem("account_not_connected")));

        assertTrue(preflight.check() >= 1);
        preflight.check();
        var warnings = TestKafka.await(
                Topics.POST_EVENTS,
                r -> r.key().equals(postId) && r.value().contains("\"" + EventTypes.POST_AT_RISK + "\""),
                2,
                Duration.ofSeconds(5));
        assertEquals(1, warnings.size(), "post.at_risk once");
        assertTrue(
                warnings.get(0).value().contains("account_not_connected"),
                warnings.get(0).value());
        PostApi.as(workspace)
                .get("/v1/posts/" + postId)
                .then()
                .body("status", equalTo("scheduled"))
                .body("destinations[0].at_risk.code", equalTo("account_not_connected"))
                .body("destinations[0].at_risk.detected_at", notNullValue());
    }

    @Test
    void shouldWarnOnlyThePostBeyondTheQuotaWhenTheAccountHasAsManyPostsBeforeItAsThePlatformAllows() {
        // %test.herald.post.quotas.threads: 2 posts per 24 h (Threads documents 250).
        String account = PostApi.connectLive(workspace, "threads");
        List<String> posts = new java.util.ArrayList<>();
        for (int minutes : new int[] {2, 3, 5}) {
            posts.add(PostApi.live(workspace)
                    .body(java.util.Map.of(
                            "caption",
                            "Post at +" + minutes + " min",
                            "account_ids",
                            List.of(account),
                            "scheduled_at",
                            java.time.Instant.now().plusSeconds(60L * minutes).toString()))
                    .post("/v1/posts")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }

        preflight.check();

        for (String early : posts.subList(0, 2)) {
            PostApi.live(workspace)
                    .get("/v1/posts/" + early)
                    .then()
                    .body("destinations[0].at_risk", org.hamcrest.Matchers.nullValue());
        }
        PostApi.live(workspace)
                .get("/v1/posts/" + posts.get(2))
                .then()
                .body("destinations[0].at_risk.code", equalTo("quota_exceeded"))
                .body(
                        "destinations[0].at_risk.message",
                        org.hamcrest.Matchers.startsWith(
                                "threads allows 2 posts per 24 h on an account; this account has 2 other posts"));
    }

    @Test
    void shouldWarnWhenTheAccountsAccessEndsBeforeThePostIsDue() {
        String account = PostApi.connectSandboxAccount(workspace);
        java.time.Instant now = java.time.Instant.now();
        // The publisher's account.expiring: a token it cannot refresh, ending in 4 minutes.
        TestKafka.send(
                Topics.ACCOUNTS,
                account,
                EventTypes.ACCOUNT_EXPIRING,
                new AccountEvent(
                        account,
                        workspace,
                        "sandbox",
                        "@tester",
                        "connected",
                        "test",
                        now,
                        null,
                        now.plusSeconds(240),
                        "http://localhost:8080/v1/accounts/connect/sandbox"));
        String postId = PostApi.as(workspace)
                .body(java.util.Map.of(
                        "caption",
                        "After the token",
                        "account_ids",
                        List.of(account),
                        "scheduled_at",
                        now.plusSeconds(300).toString()))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            preflight.check();
            PostApi.as(workspace)
                    .get("/v1/posts/" + postId)
                    .then()
                    .body("destinations[0].at_risk.code", equalTo("account_access_expiring"));
        });
    }

    @Test
    void shouldShowLivePublishersAndWhatTheyAreDoingWhenTheirHeartbeatsArrive() {
        String instance = "publisher-" + UUID.randomUUID();
        // Heartbeats are read from the latest offset: keep beating until this replica's consumer has joined.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TestKafka.send(
                    Topics.PUBLISHER_HEARTBEATS,
                    instance,
                    EventTypes.PUBLISHER_HEARTBEAT,
                    new PublisherHeartbeat(
                            instance, java.time.Instant.now().minusSeconds(60), java.time.Instant.now(), 7));
            PostApi.as(workspace)
                    .get("/v1/health/publishing")
                    .then()
                    .statusCode(200)
                    .body("publisher.instances_alive", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                    .body("publisher.in_flight", org.hamcrest.Matchers.greaterThanOrEqualTo(7))
                    .body("publisher.last_heartbeat_at", notNullValue());
        });
    }

    @Test
    void shouldAnnounceALateDestinationOnceAndShowItInTheWorkspacesHealthWhenItIsStuck() {
        String account = PostApi.connectSandboxAccount(workspace);
        String postId = PostApi.createNow(workspace, "Stuck at the publisher", account);
        PublishRequest request = PostApi.requestFor(postId, account);
        // The publisher never answers; ten minutes pass.
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager
                        .createNativeQuery(
                                "UPDATE destination SET due_at = now() - interval '10 minutes' WHERE post_id = ?1")
                        .setParameter(1, postId)
                        .executeUpdate());

        assertTrue(watchdog.flagLate() >= 1);
        watchdog.flagLate(); // a second look announces nothing new
        var late = TestKafka.await(
                Topics.POST_EVENTS,
                r -> r.key().equals(postId) && r.value().contains("\"" + EventTypes.POST_LATE + "\""),
                2,
                Duration.ofSeconds(5));
        assertEquals(1, late.size(), "post.late once per destination");

        PostApi.as(workspace)
                .get("/v1/health/publishing")
                .then()
                .statusCode(200)
                .body("status", equalTo("delayed"))
                .body("overdue.count", equalTo(1))
                .body("overdue.oldest.post_id", equalTo(postId))
                .body("overdue.oldest.status", equalTo("queued"))
                .body("overdue.oldest.late_by_seconds", greaterThanOrEqualTo(600));
        PostApi.as("ws_" + UUID.randomUUID())
                .get("/v1/health/publishing")
                .then()
                .statusCode(200)
                .body("status", equalTo("ok"))
                .body("overdue.count", equalTo(0));

        PostApi.answer(request, PublishResult.PUBLISHED);
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> PostApi.as(workspace)
                        .get("/v1/health/publishing")
                        .then()
                        .body("status", equalTo("ok"))
                        .body("overdue.count", equalTo(0))
                        .body("lag_last_hour.published", equalTo(1))
                        .body("publisher.last_result_at", notNullValue()));
    }
}
