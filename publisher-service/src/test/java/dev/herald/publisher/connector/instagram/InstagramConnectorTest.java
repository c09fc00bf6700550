package dev.herald.publisher.connector.instagram;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
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
import dev.herald.publisher.metrics.MetricsTests;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * Instagram against {@link InstagramStub}, for what needs no file: Business Login with the long-lived exchange, a
 * text-only post refused, and a used-up content publishing limit deferring the post before any container is made.
 * Images, carousels, reels and the container published once after a lost answer need media-service's public URLs:
 * they are published through the whole stack in the system tests ({@code MetaPublishingIT}).
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = InstagramStub.class)
class InstagramConnectorTest {

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
