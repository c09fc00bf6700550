package dev.herald.publisher.connector.facebook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * Facebook Pages end to end against {@link FacebookStub}: Facebook Login with the long-lived exchange and the Page
 * chosen among the user's, text and link with a first comment, a lost answer settled by reading the Page's posts,
 * throttling with Meta's usage header, a revoked token and a duplicate. Photos and videos need media-service's public
 * URLs: they are published through the whole stack in the system tests ({@code MetaPublishingIT}).
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FacebookStub.class)
class FacebookConnectorTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldConnectTheChosenPageAndPublishTextWithTheLinkAndTheFirstComment() {
        List<FacebookStub.Page> pages = FacebookStub.nextUser("Another Page", "Herald Bakery");
        String account =
                ConnectorTests.connectThroughConsentPage(workspace, "facebook", Map.of("page_id", pages.get(1).id));
        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + account)
                .then()
                .body("handle", equalTo("Herald Bakery"))
                .body("platform_api_version", equalTo("v25.0"));

        PublishResult result = publish(
                account,
                "Fresh bread today",
                new PublishRequest.Content("https://bakery.example/bread", List.of(), "Open until 6", List.of()));

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        FacebookStub.Post post = FacebookStub.find(result.platformPostId());
        assertEquals(pages.get(1), post.page);
        assertEquals("Fresh bread today", post.message, "the link goes in its own field, not the message");
        assertEquals("https://bakery.example/bread", post.link);
        assertEquals(List.of("Open until 6"), post.comments);
        assertEquals(
                "https://www.facebook.com/" + pages.get(1).id + "/posts/" + post.id.replaceAll(".*_", ""),
                result.permalink());
    }

    @Test
    void shouldConnectTheFirstPageWhenTheConnectCallNamesNone() {
        List<FacebookStub.Page> pages = FacebookStub.nextUser("First Page", "Second Page");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "facebook", Map.of());

        PublishResult result = publish(account, "Hello from the first", PublishRequest.Content.NONE);

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        assertEquals(pages.get(0), FacebookStub.find(result.platformPostId()).page);
    }

    @Test
    void shouldRefuseTheConnectionWhenTheNamedPageWasNotGranted() {
        FacebookStub.nextUser("Only Page");

        ConnectorTests.returnThroughConsentPage(workspace, "facebook", Map.of("page_id", "123"))
                .then()
                .statusCode(400)
                .body("error.code", equalTo("authorization_failed"))
                .body("error.message", org.hamcrest.Matchers.containsString("Page 123"));
    }

    @Test
    void shouldPublishOnceWhenTheAnswerWasLostAndThePageShowsThePost() {
        FacebookStub.Page page = FacebookStub.nextUser("Stalled Page").get(0);
        page.stallNextPost = true;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "facebook", Map.of());

        PublishResult result = publish(account, "Published despite the timeout", PublishRequest.Content.NONE);

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        assertEquals(1, FacebookStub.posts(page, "Published despite the timeout"), "read back, not posted again");
        assertEquals(page, FacebookStub.find(result.platformPostId()).page);
    }

    @Test
    void shouldRetryWhenFacebookSaysThePageRegainsAccessWhenThePageIsThrottled() {
        FacebookStub.Page page = FacebookStub.nextUser("Busy Page").get(0);
        page.throttledMinutes = 7;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "facebook", Map.of());
        Instant before = Instant.now();

        PublishResult result = publish(account, "Throttled", PublishRequest.Content.NONE);

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("rate_limited", result.errorCode());
        assertTrue(result.errorMessage().contains("code 32"), result.errorMessage());
        assertNotNull(result.nextRetryAt());
        assertTrue(
                !result.nextRetryAt().isBefore(before.plus(Duration.ofMinutes(7))),
                "retried when X-Business-Use-Case-Usage says: " + result.nextRetryAt());
    }

    @Test
    void shouldFailAuthExpiredWhenThePageTokenWasInvalidated() {
        FacebookStub.Page page = FacebookStub.nextUser("Revoked Page").get(0);
        String account = ConnectorTests.connectThroughConsentPage(workspace, "facebook", Map.of());
        page.tokenRevoked = true;

        PublishResult result = publish(account, "Nobody home", PublishRequest.Content.NONE);

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("auth_expired", result.errorCode());
        assertTrue(result.errorMessage().contains("code 190"), result.errorMessage());
    }

    @Test
    void shouldRejectTheContentWhenFacebookSaysItIsADuplicate() {
        FacebookStub.nextUser("Echo Page");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "facebook", Map.of());
        assertEquals(
                PublishResult.PUBLISHED,
                publish(account, "Say it once", PublishRequest.Content.NONE).status());

        PublishResult again = publish(account, "Say it once", PublishRequest.Content.NONE);

        assertEquals(PublishResult.FAILED, again.status());
        assertEquals("content_rejected", again.errorCode());
        assertTrue(again.errorMessage().contains("Duplicate status message"), again.errorMessage());
    }

    @Test
    void shouldCollectAPostsReactionsCommentsAndSharesAndThePagesFollowersWithTheRawAnswer() {
        FacebookStub.Page page = FacebookStub.nextUser("Counted Page").get(0);
        page.followers = 5150;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "facebook", Map.of());
        PublishResult result =
                publish(account, "Count the bread", new PublishRequest.Content(null, List.of(), "First!", List.of()));
        FacebookStub.Post post = FacebookStub.find(result.platformPostId());
        post.reactions = 21;

        MetricsReport quiet = MetricsTests.post(result);

        assertEquals(MetricsReport.COLLECTED, quiet.status(), quiet.errorMessage());
        // One comment (Herald's first comment); nobody shared, so Facebook leaves shares out: 0, not unknown.
        assertEquals(new MetricsReport.Values(null, null, 21L, 1L, 0L, null, null, null, null), quiet.metrics());
        assertTrue(quiet.raw().contains("\"total_count\":21"), quiet.raw());

        post.shares = 3;
        assertEquals(3L, MetricsTests.post(result).metrics().shares());

        MetricsReport followers = MetricsTests.account(workspace, account, "facebook");
        assertEquals(MetricsReport.COLLECTED, followers.status(), followers.errorMessage());
        assertEquals(5150L, followers.metrics().followers());
        assertTrue(followers.raw().contains("\"followers_count\":5150"), followers.raw());
    }

    @Test
    void shouldPutTheSlotOffUntilThePageRegainsAccessAndTellAPostThatIsGone() {
        FacebookStub.Page page = FacebookStub.nextUser("Busy Reader Page").get(0);
        String account = ConnectorTests.connectThroughConsentPage(workspace, "facebook", Map.of());
        PublishResult result = publish(account, "Read me", PublishRequest.Content.NONE);

        page.readsThrottledMinutes = 9;
        MetricsReport limited = MetricsTests.post(result);
        assertEquals(MetricsReport.RATE_LIMITED, limited.status());
        assertEquals("rate_limited", limited.errorCode());
        assertEquals(limited.collectedAt().plus(Duration.ofMinutes(9)), limited.retryAt(), "X-Business-Use-Case-Usage");

        page.readsThrottledMinutes = 0;
        MetricsReport gone = MetricsTests.post(workspace, account, "facebook", page.id + "_1");
        assertEquals(MetricsReport.FAILED, gone.status());
        assertEquals("post_not_found", gone.errorCode());

        page.tokenRevoked = true;
        MetricsReport revoked = MetricsTests.post(result);
        assertEquals(MetricsReport.FAILED, revoked.status());
        assertEquals("auth_expired", revoked.errorCode());
    }

    private PublishResult publish(String account, String caption, PublishRequest.Content content) {
        return ConnectorTests.result(
                ConnectorTests.liveRequest(workspace, account, "facebook", caption, Map.of(), content));
    }
}
