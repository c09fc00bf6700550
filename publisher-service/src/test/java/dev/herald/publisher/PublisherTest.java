package dev.herald.publisher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.herald.events.AccountEvent;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.PublisherHeartbeat;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PublisherTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldBeatEverySecondWithItsInstanceAndWorkWhenRunning() {
        java.time.Instant start = java.time.Instant.now();
        var beats = TestKafka.await(
                Topics.PUBLISHER_HEARTBEATS,
                r -> EventJson.read(r.value(), PublisherHeartbeat.class).at().isAfter(start),
                3,
                Duration.ofSeconds(15));

        assertTrue(beats.size() >= 3, "beats since the test began: " + beats.size());
        PublisherHeartbeat first = EventJson.read(beats.get(0).value(), PublisherHeartbeat.class);
        PublisherHeartbeat third = EventJson.read(beats.get(2).value(), PublisherHeartbeat.class);
        assertEquals(first.instanceId(), beats.get(0).key());
        assertEquals(first.instanceId(), third.instanceId(), "one instance, one id");
        assertTrue(third.at().isAfter(first.at()));
        assertTrue(third.inFlight() >= 0);
    }

    @Test
    void shouldAnnounceTheAccountWhenASandboxAccountIsConnected() {
        String accountId = connect(workspace);

        var events = TestKafka.await(Topics.ACCOUNTS, r -> accountId.equals(r.key()), 1, Duration.ofSeconds(15));
        assertEquals(1, events.size());
        AccountEvent event = EventJson.read(events.get(0).value(), AccountEvent.class);
        assertEquals(workspace, event.workspaceId());
        assertEquals("connected", event.status());
        assertEquals("test", event.mode());

        given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts")
                .then()
                .statusCode(200)
                .body("data.id", hasItem(accountId))
                .body("has_more", equalTo(false));
        given().header("Authorization", InternalTokens.bearer("ws_other"))
                .get("/v1/accounts/" + accountId)
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void shouldRefuseASandboxAccountWhenTheKeyIsLive() {
        given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(workspace, "live"))
                .contentType(ContentType.JSON)
                .body(Map.of("handle", "x"))
                .post("/v1/accounts/connect/sandbox")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("test_mode_required"));
    }

    @Test
    void shouldPublishOnceAndReEmitTheSameResultWhenARequestIsRedelivered() {
        String accountId = connect(workspace);
        PublishRequest request = request(accountId, "Hello sandbox");

        TestKafka.send(Topics.PUBLISH_REQUESTS, accountId, EventTypes.PUBLISH_REQUESTED, request);
        List<PublishResult> first = results(request.destinationId(), 1);
        assertEquals(PublishResult.PUBLISHED, first.get(0).status());

        TestKafka.send(Topics.PUBLISH_REQUESTS, accountId, EventTypes.PUBLISH_REQUESTED, request);
        List<PublishResult> both = results(request.destinationId(), 2);
        assertEquals(2, both.size(), "the redelivery re-emits the result");
        assertEquals(both.get(0).platformPostId(), both.get(1).platformPostId(), "one platform post, not two");
        assertEquals(both.get(0).permalink(), both.get(1).permalink());
    }

    @Test
    void shouldReportFailureWithReasonWhenTheSandboxRejects() {
        String accountId = connect(workspace);
        PublishRequest request = request(accountId, "please [sandbox:fail]");

        TestKafka.send(Topics.PUBLISH_REQUESTS, accountId, EventTypes.PUBLISH_REQUESTED, request);

        PublishResult result = results(request.destinationId(), 1).get(0);
        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("sandbox_rejected", result.errorCode());
    }

    @Test
    void shouldCallThePlatformAgainWhenAFailedDestinationIsRetriedWithALaterAttempt() {
        String accountId = connect(workspace);
        PublishRequest failing = request(accountId, "please [sandbox:fail]");
        TestKafka.send(Topics.PUBLISH_REQUESTS, accountId, EventTypes.PUBLISH_REQUESTED, failing);
        assertEquals(
                PublishResult.FAILED, results(failing.destinationId(), 1).get(0).status());

        // The tenant's retry: the post-service re-dispatches the destination as attempt 2 (here with a caption the
        // sandbox accepts, so the answer shows the platform was called again rather than the old failure re-emitted).
        PublishRequest retried = new PublishRequest(
                failing.workspaceId(),
                failing.postId(),
                failing.destinationId(),
                failing.accountId(),
                failing.platform(),
                failing.mode(),
                "Hello again",
                2,
                failing.dueAt(),
                failing.options(),
                failing.content());
        TestKafka.send(Topics.PUBLISH_REQUESTS, accountId, EventTypes.PUBLISH_REQUESTED, retried);
        PublishResult second = results(failing.destinationId(), 2).get(1);
        assertEquals(PublishResult.PUBLISHED, second.status());
        assertEquals(2, second.attempt());

        // A redelivery of either attempt now re-emits the publication: the platform is not called a third time.
        TestKafka.send(Topics.PUBLISH_REQUESTS, accountId, EventTypes.PUBLISH_REQUESTED, failing);
        TestKafka.send(Topics.PUBLISH_REQUESTS, accountId, EventTypes.PUBLISH_REQUESTED, retried);
        List<PublishResult> all = results(failing.destinationId(), 4);
        assertEquals(PublishResult.PUBLISHED, all.get(2).status());
        assertEquals(second.platformPostId(), all.get(2).platformPostId());
        assertEquals(second.platformPostId(), all.get(3).platformPostId());
    }

    @Test
    void shouldFailWithoutCallingThePlatformWhenTheAccountIsUnknown() {
        PublishRequest request = request("acct_missing", "Hello");

        TestKafka.send(Topics.PUBLISH_REQUESTS, "acct_missing", EventTypes.PUBLISH_REQUESTED, request);

        PublishResult result = results(request.destinationId(), 1).get(0);
        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("account_not_found", result.errorCode());
    }

    private PublishRequest request(String accountId, String caption) {
        return PublisherApi.request(workspace, accountId, caption, 1);
    }

    private static List<PublishResult> results(String destinationId, int count) {
        return PublisherApi.results(destinationId, count);
    }

    private static String connect(String workspace) {
        return PublisherApi.connect(workspace);
    }
}
