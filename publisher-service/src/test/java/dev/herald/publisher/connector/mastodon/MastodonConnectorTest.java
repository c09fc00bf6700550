package dev.herald.publisher.connector.mastodon;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.herald.events.MetricsReport;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.publisher.connector.Deferrals;
import dev.herald.publisher.connector.MediaServiceStub;
import dev.herald.publisher.metrics.MetricsTests;
import dev.herald.publisher.publish.service.Checkpoints;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * Mastodon end to end against {@link MastodonStub}: connecting on an instance named by the tenant (Herald registers
 * its app there once), publishing with Mastodon's Idempotency-Key, and settling a lost answer by asking again with
 * the same key — exactly one status either way — and a video Mastodon still processes deferring the attempt, the next
 * one attaching the upload of the first (files from {@link MediaServiceStub}).
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MastodonStub.class)
@WithTestResource(value = MediaServiceStub.class)
class MastodonConnectorTest {

    /** The first bytes of an MP4 file: the stub stores what it received, it does not decode it. */
    private static final byte[] CLIP = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'};

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    Checkpoints checkpoints;

    @Test
    void shouldConnectOnTheTenantsInstanceAndRegisterHeraldThereOnlyOnce() {
        MastodonStub.nextUser("alice");
        String first = ConnectorTests.connectThroughConsentPage(
                workspace, "mastodon", Map.of("instance_url", MastodonStub.base));
        MastodonStub.nextUser("bob");
        String second = ConnectorTests.connectThroughConsentPage(
                workspace, "mastodon", Map.of("instance_url", MastodonStub.base));

        // Every test of this class connects on the same instance: Herald registered there once, then reused it.
        assertEquals(1, MastodonStub.APPS_REGISTERED.get(), "one app per instance");
        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + first)
                .then()
                .statusCode(200)
                .body("platform", equalTo("mastodon"))
                .body("handle", equalTo("alice@127.0.0.1"))
                .body("display_name", equalTo("alice on the stub"))
                .body("status", equalTo("connected"));
        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + second)
                .then()
                .body("handle", equalTo("bob@127.0.0.1"));
    }

    @Test
    void shouldRefuseAnInstanceUrlThatIsNotAnHttpsOrigin() {
        for (String bad :
                List.of("ftp://mastodon.social", "https://user:pw@mastodon.social", "https://m.example/?a=1")) {
            given().header("Authorization", ConnectorTests.liveBearer(workspace))
                    .contentType(ContentType.JSON)
                    .body(Map.of("instance_url", bad))
                    .post("/v1/accounts/connect/mastodon")
                    .then()
                    .statusCode(400)
                    .body("error.details[0].field", equalTo("instance_url"));
        }
        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/v1/accounts/connect/mastodon")
                .then()
                .statusCode(400)
                .body("error.details[0].code", equalTo("required"));
    }

    @Test
    void shouldPublishWithTheDestinationAsIdempotencyKeyAndChainTheThread() {
        MastodonStub.User user = MastodonStub.nextUser("poster");
        String account = ConnectorTests.connectThroughConsentPage(
                workspace, "mastodon", Map.of("instance_url", MastodonStub.base));
        PublishRequest request = ConnectorTests.liveRequest(
                workspace,
                account,
                "mastodon",
                "Hello fediverse",
                Map.of("visibility", "unlisted"),
                new PublishRequest.Content(null, List.of(), "First!", List.of("More in a reply")));

        PublishResult result = ConnectorTests.result(request);

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        MastodonStub.Status status = MastodonStub.find(result.platformPostId());
        assertEquals(request.destinationId(), status.idempotencyKey());
        assertEquals("unlisted", status.visibility());
        assertEquals(MastodonStub.base + "/@poster/" + status.id(), result.permalink());
        MastodonStub.Status reply = MastodonStub.STATUSES.stream()
                .filter(s -> s.text().equals("More in a reply"))
                .findFirst()
                .orElseThrow();
        assertEquals(status.id(), reply.inReplyTo());
        assertEquals(1, MastodonStub.count(user, "First!"));
    }

    @Test
    void shouldSettleALostAnswerByAskingAgainWithTheSameKeyWhenTheStatusWasCreated() {
        MastodonStub.User user = MastodonStub.nextUser("stalled");
        user.stallNextPost = true;
        String account = ConnectorTests.connectThroughConsentPage(
                workspace, "mastodon", Map.of("instance_url", MastodonStub.base));
        PublishRequest request = ConnectorTests.liveRequest(
                workspace, account, "mastodon", "Posted once, answer lost", Map.of(), PublishRequest.Content.NONE);

        PublishResult result = ConnectorTests.result(request);

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        assertEquals(1, MastodonStub.count(user, request.caption()), "exactly one status");
    }

    @Test
    void shouldDeferWhileMastodonProcessesTheVideoAndAttachTheSameUploadWhenAskedAgain() {
        MastodonStub.User user = MastodonStub.nextUser("filmmaker");
        PublishRequest request = slowVideoPost(user, "A short film");

        PublishResult processing = ConnectorTests.result(request);

        assertEquals(PublishResult.RETRYING, processing.status(), processing.errorMessage());
        assertEquals("media_processing", processing.errorCode());
        assertEquals(1, MastodonStub.uploads(user).size());

        MastodonStub.finishProcessing(user);
        PublishResult published = Deferrals.askAgain(request);

        assertEquals(PublishResult.PUBLISHED, published.status(), published.errorMessage());
        MastodonStub.Status status = MastodonStub.find(published.platformPostId());
        assertEquals(1, MastodonStub.uploads(user).size(), "uploaded once");
        assertEquals(
                MastodonStub.uploads(user).get(0).id(),
                status.attachments().get(0).id());
        assertArrayEquals(CLIP, status.attachments().get(0).bytes());
    }

    @Test
    void shouldRetryWithTheFilesUploadedAgainWhenMastodonStillProcessesThemAnHourAfterTheUpload() {
        MastodonStub.User user = MastodonStub.nextUser("stuck");
        PublishRequest request = deferredVideoPost(user, "Stuck in processing");
        String stuck = MastodonStub.uploads(user).get(0).id();
        // As if the upload were made an hour and a minute ago: the instance still answers 206 for it.
        Instant uploaded =
                Instant.now().minus(MastodonConnector.PROCESSING_LIMIT).minusSeconds(60);
        checkpoints.save(request.destinationId(), "mastodon-media " + uploaded.getEpochSecond() + " " + stuck);

        PublishResult givenUp = Deferrals.askAgain(request);

        assertEquals(PublishResult.RETRYING, givenUp.status());
        assertEquals("media_processing", givenUp.errorCode());
        assertTrue(givenUp.errorMessage().contains("uploaded again"), givenUp.errorMessage());
        assertTrue(checkpoints.find(request.destinationId()).isEmpty(), "the stuck upload is forgotten");
        assertEquals(1, MastodonStub.uploads(user).size(), "no upload in the attempt that gave up");
    }

    @Test
    void shouldUploadAgainWhenMastodonRemovedTheUploadOfAnEarlierAttempt() {
        MastodonStub.User user = MastodonStub.nextUser("latecomer");
        PublishRequest request = deferredVideoPost(user, "Back after a day");
        String removed = MastodonStub.uploads(user).get(0).id();

        MastodonStub.expireUploads(user);
        user.processing = Duration.ZERO;
        PublishResult published = Deferrals.askAgain(request);

        assertEquals(PublishResult.PUBLISHED, published.status(), published.errorMessage());
        MastodonStub.Status status = MastodonStub.find(published.platformPostId());
        assertEquals(1, status.attachments().size());
        assertNotEquals(removed, status.attachments().get(0).id(), "a new upload");
        assertArrayEquals(CLIP, status.attachments().get(0).bytes());
    }

    /** {@link #slowVideoPost}, its first attempt deferred while the instance processes the upload. */
    private PublishRequest deferredVideoPost(MastodonStub.User user, String text) {
        PublishRequest request = slowVideoPost(user, text);
        assertEquals(PublishResult.RETRYING, ConnectorTests.result(request).status());
        return request;
    }

    /** A post of one video by {@code user}, connected now, whose videos the instance processes for an hour. */
    private PublishRequest slowVideoPost(MastodonStub.User user, String text) {
        user.processing = Duration.ofHours(1);
        String account = ConnectorTests.connectThroughConsentPage(
                workspace, "mastodon", Map.of("instance_url", MastodonStub.base));
        String clip = MediaServiceStub.add("video", "video/mp4", CLIP, "A clip");
        return ConnectorTests.liveRequest(
                workspace,
                account,
                "mastodon",
                text,
                Map.of(),
                new PublishRequest.Content(null, List.of(clip), null, List.of()));
    }

    @Test
    void shouldMapMastodonsErrorsWhenItRefusesOrIsBusy() {
        MastodonStub.User user = MastodonStub.nextUser("refused");
        String account = ConnectorTests.connectThroughConsentPage(
                workspace, "mastodon", Map.of("instance_url", MastodonStub.base));

        PublishResult tooLong = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "mastodon", "x".repeat(501), Map.of(), PublishRequest.Content.NONE));
        assertEquals(PublishResult.FAILED, tooLong.status());
        assertEquals("content_rejected", tooLong.errorCode());
        assertTrue(tooLong.errorMessage().contains("character limit of 500"), tooLong.errorMessage());

        user.postLimit = 0;
        PublishResult limited = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "mastodon", "Slow down", Map.of(), PublishRequest.Content.NONE));
        assertEquals(PublishResult.RETRYING, limited.status());
        assertEquals("rate_limited", limited.errorCode());
        assertTrue(limited.nextRetryAt().isAfter(Instant.now().minusSeconds(1)), "after X-RateLimit-Reset");

        user.postLimit = 300;
        user.unavailableFor.set(1);
        PublishResult down = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "mastodon", "Instance down", Map.of(), PublishRequest.Content.NONE));
        assertEquals(PublishResult.RETRYING, down.status());
        assertEquals("platform_error", down.errorCode());
    }

    @Test
    void shouldCollectAStatusCountsAndTheFollowersWithMastodonsRawAnswer() {
        MastodonStub.User user = MastodonStub.nextUser("counted");
        user.followers = 321;
        String account = ConnectorTests.connectThroughConsentPage(
                workspace, "mastodon", Map.of("instance_url", MastodonStub.base));
        PublishResult published = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "mastodon", "Count me", Map.of(), PublishRequest.Content.NONE));
        MastodonStub.COUNTS.put(published.platformPostId(), new MastodonStub.Counts(7, 3, 2, 1));

        MetricsReport post = MetricsTests.post(published);

        assertEquals(MetricsReport.COLLECTED, post.status(), post.errorMessage());
        // Favourites are likes, replies comments, reblogs and quotes shares; Mastodon counts no views or clicks.
        assertEquals(new MetricsReport.Values(null, null, 7L, 2L, 4L, null, null, null, null), post.metrics());
        assertTrue(post.raw().contains("\"favourites_count\":7"), post.raw());
        assertTrue(
                post.raw().contains("\"id\":\"" + published.platformPostId() + "\""), "the status as Mastodon sent it");

        MetricsReport followers = MetricsTests.account(workspace, account, "mastodon");
        assertEquals(MetricsReport.COLLECTED, followers.status(), followers.errorMessage());
        assertEquals(
                new MetricsReport.Values(null, null, null, null, null, null, null, null, 321L), followers.metrics());
        assertTrue(followers.raw().contains("\"followers_count\":321"), followers.raw());
    }

    @Test
    void shouldPutTheSlotOffUntilTheResetWhenMastodonRateLimitsAReadAndTellMissingPostsAndRevokedTokens() {
        MastodonStub.User user = MastodonStub.nextUser("reader");
        String account = ConnectorTests.connectThroughConsentPage(
                workspace, "mastodon", Map.of("instance_url", MastodonStub.base));
        PublishResult published = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "mastodon", "Read me often", Map.of(), PublishRequest.Content.NONE));

        user.readLimit = 0;
        MetricsReport limited = MetricsTests.post(published);
        assertEquals(MetricsReport.RATE_LIMITED, limited.status());
        assertEquals("rate_limited", limited.errorCode());
        // The stub's X-RateLimit-Reset is two minutes ahead.
        assertTrue(
                limited.retryAt().isAfter(limited.collectedAt().plusSeconds(100))
                        && !limited.retryAt().isAfter(limited.collectedAt().plusSeconds(120)),
                "retry at the reset: " + limited.retryAt() + " vs " + limited.collectedAt());

        user.readLimit = 300;
        MetricsReport gone = MetricsTests.post(workspace, account, "mastodon", "999999");
        assertEquals(MetricsReport.FAILED, gone.status());
        assertEquals("post_not_found", gone.errorCode());

        MastodonStub.revoke(user);
        MetricsReport revoked = MetricsTests.post(published);
        assertEquals(MetricsReport.FAILED, revoked.status());
        assertEquals("auth_expired", revoked.errorCode());
    }
}
