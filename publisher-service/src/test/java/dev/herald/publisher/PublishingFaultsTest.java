package dev.herald.publisher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

/** Retryable, permanent and unknown outcomes, counted against what the sandbox platform actually received. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PublishingFaultsTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldRetryAfterTheRateLimitAndPublishOnceWhenThePlatformAnswers429() {
        String account = connect();
        PublishRequest first = request(account, "Busy day [sandbox:429]", 1);

        send(first);
        PublishResult retrying = results(first.destinationId(), 1).get(0);
        assertEquals(PublishResult.RETRYING, retrying.status());
        assertEquals("rate_limited", retrying.errorCode());
        assertTrue(
                !retrying.nextRetryAt().isBefore(retrying.occurredAt().plusSeconds(2)),
                "Retry-After 2 s is honoured: " + retrying.nextRetryAt() + " vs " + retrying.occurredAt());

        // A redelivery of the first attempt does not call the platform again.
        send(first);
        assertEquals(
                PublishResult.RETRYING, results(first.destinationId(), 2).get(1).status());

        // The post-service sends attempt 2 once next_retry_at is due.
        send(PublisherApi.withAttempt(first, 2));
        PublishResult published = results(first.destinationId(), 3).get(2);
        assertEquals(PublishResult.PUBLISHED, published.status());
        assertEquals(2, published.attempt());
        assertEquals(1, publications(first.postId()).size(), "exactly one post on the platform");
    }

    @Test
    void shouldFailAtOnceWithThePlatformsMessageWhenTheErrorIsPermanent() {
        String account = connect();
        PublishRequest request = request(account, "Spam spam [sandbox:reject]", 1);

        send(request);
        PublishResult result = results(request.destinationId(), 1).get(0);
        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("content_rejected", result.errorCode());
        assertTrue(result.errorMessage().contains("content policy"), result.errorMessage());
        assertEquals(0, publications(request.postId()).size());
    }

    @Test
    void shouldReadBackInsteadOfPublishingAgainWhenTheOutcomeWasUnknown() {
        String account = connect();
        PublishRequest request = request(account, "Flaky network [sandbox:timeout]", 1);

        send(request);
        PublishResult result = results(request.destinationId(), 1).get(0);
        assertEquals(PublishResult.PUBLISHED, result.status(), "found on the platform by the read-back");
        List<Map<String, Object>> seen = publications(request.postId());
        assertEquals(1, seen.size(), "the platform received it once");
        assertEquals(seen.get(0).get("id"), result.platformPostId());
    }

    @Test
    void shouldFailAsUnknownRatherThanRetryBlindlyWhenThePlatformCannotBeAsked() {
        String account = connect();
        PublishRequest request = request(account, "Flaky and unsearchable [sandbox:timeout-unsearchable]", 1);

        send(request);
        PublishResult result = results(request.destinationId(), 1).get(0);
        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("unknown_outcome", result.errorCode());
        assertTrue(result.errorMessage().contains("could publish it twice"), result.errorMessage());
        assertEquals(1, publications(request.postId()).size(), "it did reach the platform once, and only once");
    }

    @Test
    void shouldGiveUpWithTheLastErrorWhenEveryAttemptFails() {
        String account = connect();
        PublishRequest request = request(account, "Down [sandbox:5xx-always]", 1);
        for (int attempt = 1; attempt <= 5; attempt++) {
            send(PublisherApi.withAttempt(request, attempt));
            PublishResult result = results(request.destinationId(), attempt).get(attempt - 1);
            assertEquals(attempt, result.attempt());
            assertEquals(attempt < 5 ? PublishResult.RETRYING : PublishResult.FAILED, result.status());
        }
        PublishResult last = results(request.destinationId(), 5).get(4);
        assertEquals("platform_unavailable", last.errorCode());
        assertTrue(last.errorMessage().startsWith("Gave up after 5 attempts"), last.errorMessage());
    }

    @Test
    void shouldKeepEachAccountsOrderWhileAccountsRunInParallel() {
        List<String> accounts = List.of(connect(), connect(), connect());
        String postId = "post_" + UUID.randomUUID();
        List<PublishRequest> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (String account : accounts) {
                PublishRequest request = new PublishRequest(
                        workspace,
                        postId,
                        "dest_" + UUID.randomUUID(),
                        account,
                        "sandbox",
                        "test",
                        "Part " + i,
                        1,
                        Instant.now(),
                        Map.of(),
                        PublishRequest.Content.NONE);
                sent.add(request);
                send(request);
            }
        }
        TestKafka.await(Topics.PUBLISH_RESULTS, r -> r.value().contains(postId), sent.size(), Duration.ofSeconds(30));
        for (String account : accounts) {
            List<String> expected = sent.stream()
                    .filter(r -> r.accountId().equals(account))
                    .map(PublishRequest::destinationId)
                    .toList();
            List<Object> received = given().header("Authorization", InternalTokens.bearer(workspace))
                    .get("/v1/sandbox/publications?limit=100&account_id=" + account)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("data.destination_id");
            assertEquals(expected, received, "one account's posts reach the platform in the order sent");
        }
    }

    @Test
    void shouldDeadLetterAPoisonMessageWithItsReason() {
        String marker = "poison-" + UUID.randomUUID();
        TestKafka.send(
                Topics.PUBLISH_REQUESTS, "acct_poison", EventTypes.PUBLISH_REQUESTED, Map.of("nonsense", marker));
        var dead = TestKafka.await(
                Topics.PUBLISH_REQUESTS + ".dlq", r -> r.value().contains(marker), 1, Duration.ofSeconds(20));
        assertEquals(1, dead.size());
        assertFalse(dead.get(0).headers().toArray().length == 0, "the reason travels in the record's headers");
    }

    @Test
    void shouldShowSandboxPublicationsToTestKeysOnly() {
        given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(workspace, "live"))
                .get("/v1/sandbox/publications")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("test_mode_required"));
        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/sandbox/publications?limit=0")
                .then()
                .statusCode(400);
    }

    private void send(PublishRequest request) {
        PublisherApi.send(request);
    }

    private PublishRequest request(String account, String caption, int attempt) {
        return PublisherApi.request(workspace, account, caption, attempt);
    }

    private List<Map<String, Object>> publications(String postId) {
        return PublisherApi.publications(workspace, postId);
    }

    private static List<PublishResult> results(String destinationId, int count) {
        return PublisherApi.results(destinationId, count);
    }

    private String connect() {
        return PublisherApi.connect(workspace);
    }
}
