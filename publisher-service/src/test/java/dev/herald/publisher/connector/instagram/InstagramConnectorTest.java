package dev.herald.publisher.connector.instagram;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

import dev.herald.events.MetricsReport;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.publisher.connector.Deferrals;
import dev.herald.publisher.connector.MediaServiceStub;
import dev.herald.publisher.metrics.MetricsTests;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * Instagram against {@link InstagramStub}: Business Login with the long-lived exchange, a text-only post refused, a
 * used-up content publishing limit deferring the post before any container is made, and a reel or a carousel item
 * Instagram still processes deferring the attempt, the next one publishing the same containers (files from {@link
 * MediaServiceStub}). Images and the container published once after a lost answer are published through the whole
 * stack in the system tests ({@code MetaPublishingIT}).
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = InstagramStub.class)
@WithTestResource(value = MediaServiceStub.class)
class InstagramConnectorTest {

    /** The first bytes of an MP4 file: the stub stores what it fetched, it does not decode it. */
    private static final byte[] CLIP = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'};

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldConnectTheProfessionalAccountByItsUserIdWithALongLivedToken() {
        InstagramStub.User user = InstagramStub.nextUser("herald.pics");

        String account = ConnectorTests.connectThroughConsentPage(workspace, "instagram", Map.of());

        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + account)
                .then()
                .body("handle", equalTo("herald.pics"))
                .body("avatar_url", equalTo("https://scontent.cdninstagram.com/" + user.id))
                .body("token_expires_at", org.hamcrest.Matchers.notNullValue())
                .body("platform_api_version", equalTo("v25.0"));
    }

    @Test
    void shouldRefuseAPostWithoutMediaWhenItReachesTheConnector() {
        InstagramStub.nextUser("words.only");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "instagram", Map.of());

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "instagram", "Just words", Map.of(), PublishRequest.Content.NONE));

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("content_rejected", result.errorCode());
    }

    @Test
    void shouldDeferAnHourWithoutMakingAContainerWhenThePublishingLimitIsUsedUp() {
        InstagramStub.User user = InstagramStub.nextUser("busy.pics");
        user.publishedToday.set(InstagramStub.QUOTA_TOTAL);
        String account = ConnectorTests.connectThroughConsentPage(workspace, "instagram", Map.of());
        Instant before = Instant.now();

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace,
                account,
                "instagram",
                "One too many",
                Map.of(),
                new PublishRequest.Content(null, List.of("med_never_fetched"), null, List.of())));

        assertEquals(PublishResult.RETRYING, result.status(), result.errorMessage());
        assertEquals("quota_exhausted", result.errorCode());
        assertTrue(result.errorMessage().contains("100 of 100"), result.errorMessage());
        assertTrue(!result.nextRetryAt().isBefore(before.plus(Duration.ofMinutes(59))), "an hour later");
        assertTrue(InstagramStub.CONTAINERS.stream().noneMatch(c -> c.owner == user), "no container made");
    }

    @Test
    void shouldDeferWhileInstagramProcessesTheReelAndPublishTheSameContainerWhenAskedAgain() {
        InstagramStub.User user = InstagramStub.nextUser("slow.reels");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "instagram", Map.of());
        String clip = MediaServiceStub.add("video", "video/mp4", CLIP, null);
        PublishRequest request = withFiles(account, "Reel of the day", List.of(clip));
        Instant before = Instant.now();

        PublishResult processing = ConnectorTests.result(request);

        assertEquals(PublishResult.RETRYING, processing.status(), processing.errorMessage());
        assertEquals("media_processing", processing.errorCode());
        assertTrue(
                !processing.nextRetryAt().isBefore(before.plus(InstagramConnector.PROCESSING_WAIT)),
                "asked again after the processing wait: " + processing.nextRetryAt());

        PublishResult published = Deferrals.askAgain(request);

        assertEquals(PublishResult.PUBLISHED, published.status(), published.errorMessage());
        InstagramStub.Container reel = InstagramStub.published(published.platformPostId());
        assertEquals("REELS", reel.mediaType);
        assertArrayEquals(CLIP, reel.file.bytes());
        assertEquals(1, containers(user), "the container of the first attempt, published");
    }

    @Test
    void shouldMakeTheCarouselOnceEveryItemIsFinishedWithoutMakingTheItemsAgain() {
        InstagramStub.User user = InstagramStub.nextUser("slow.carousel");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "instagram", Map.of());
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};
        String image = MediaServiceStub.add("image", "image/jpeg", jpeg, "A photo");
        String clip = MediaServiceStub.add("video", "video/mp4", CLIP, null);
        PublishRequest request = withFiles(account, "Photo and clip", List.of(image, clip));

        PublishResult processing = ConnectorTests.result(request);

        assertEquals(PublishResult.RETRYING, processing.status(), processing.errorMessage());
        assertEquals("media_processing", processing.errorCode());
        assertEquals(2, containers(user), "the two items; no carousel while the clip is processed");

        PublishResult published = Deferrals.askAgain(request);

        assertEquals(PublishResult.PUBLISHED, published.status(), published.errorMessage());
        InstagramStub.Container carousel = InstagramStub.published(published.platformPostId());
        assertEquals("CAROUSEL", carousel.mediaType);
        assertEquals(
                List.of("IMAGE", "VIDEO"),
                carousel.children.stream().map(c -> c.mediaType).toList());
        assertEquals("A photo", carousel.children.get(0).altText);
        assertEquals(3, containers(user), "the items of the first attempt and one carousel");
        assertEquals(1, InstagramStub.published(user, "Photo and clip"));
    }

    private PublishRequest withFiles(String account, String caption, List<String> mediaIds) {
        return ConnectorTests.liveRequest(
                workspace,
                account,
                "instagram",
                caption,
                Map.of(),
                new PublishRequest.Content(null, mediaIds, null, List.of()));
    }

    private static long containers(InstagramStub.User user) {
        return InstagramStub.CONTAINERS.stream().filter(c -> c.owner == user).count();
    }

    @Test
    void shouldCollectAMediasLikesAndCommentsAndTheFollowersWithTheRawAnswer() {
        InstagramStub.User user = InstagramStub.nextUser("counted.pics");
        user.followers = 909;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "instagram", Map.of());
        InstagramStub.Container media = InstagramStub.publishedMedia(user, "A picture");
        media.likes = 48;
        InstagramStub.COMMENTS.put(media.publishedId, List.of("Nice", "Love it"));

        MetricsReport post = MetricsTests.post(workspace, account, "instagram", media.publishedId);

        assertEquals(MetricsReport.COLLECTED, post.status(), post.errorMessage());
        // instagram_business_basic shows likes and comments; views, reach, saves and shares need insights.
        assertEquals(new MetricsReport.Values(null, null, 48L, 2L, null, null, null, null, null), post.metrics());
        assertTrue(post.raw().contains("\"like_count\":48"), post.raw());

        MetricsReport followers = MetricsTests.account(workspace, account, "instagram");
        assertEquals(MetricsReport.COLLECTED, followers.status(), followers.errorMessage());
        assertEquals(909L, followers.metrics().followers());
    }

    @Test
    void shouldPutTheSlotOffUntilInstagramRegainsAccessAndTellAMediaThatIsGone() {
        InstagramStub.User user = InstagramStub.nextUser("throttled.pics");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "instagram", Map.of());
        InstagramStub.Container media = InstagramStub.publishedMedia(user, "Busy");

        user.readsThrottledMinutes = 12;
        MetricsReport limited = MetricsTests.post(workspace, account, "instagram", media.publishedId);
        assertEquals(MetricsReport.RATE_LIMITED, limited.status());
        assertEquals(
                limited.collectedAt().plus(Duration.ofMinutes(12)), limited.retryAt(), "X-Business-Use-Case-Usage");

        user.readsThrottledMinutes = 0;
        MetricsReport gone = MetricsTests.post(workspace, account, "instagram", "17999999999999999");
        assertEquals(MetricsReport.FAILED, gone.status());
        assertEquals("post_not_found", gone.errorCode());
    }
}
