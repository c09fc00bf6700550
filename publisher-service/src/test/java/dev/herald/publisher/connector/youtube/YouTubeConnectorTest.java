package dev.herald.publisher.connector.youtube;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.herald.events.MetricsReport;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.credential.CredentialService;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.publisher.metrics.MetricsTests;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * YouTube against {@link YouTubeStub}, for what needs no file: Google's consent page with PKCE and offline access, the
 * channel as the account, the refresh that keeps Google's refresh token, and the refusals made before any upload.
 * Videos themselves (the resumable upload, its resumption after a lost connection, a lost final answer settled by the
 * session, quota deferral) need media-service's bytes: they run through the whole stack in {@code VideoPublishingIT}.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = YouTubeStub.class)
class YouTubeConnectorTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    AccountRepository accounts;

    @Inject
    CredentialService credentials;

    @Test
    void shouldAskForOfflineAccessWithPkceAndTheUploadScopeWhenTheFlowStarts() {
        Map<String, String> query = ConsentStart.query(workspace, "youtube");

        assertEquals(YouTubeStub.CLIENT_ID, query.get("client_id"));
        assertEquals("offline", query.get("access_type"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertEquals(43, query.get("code_challenge").length());
        assertTrue(query.get("scope").contains("https://www.googleapis.com/auth/youtube.upload"), query.get("scope"));
        assertTrue(query.get("redirect_uri").endsWith("/v1/accounts/callback/youtube"), query.get("redirect_uri"));
    }

    @Test
    void shouldConnectTheUsersChannelAsTheAccountWhenGoogleApproves() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Herald Clips");

        String account = ConnectorTests.connectThroughConsentPage(workspace, "youtube", Map.of());

        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + account)
                .then()
                .statusCode(200)
                .body("platform", equalTo("youtube"))
                .body("handle", equalTo("@heraldclips"))
                .body("display_name", equalTo("Herald Clips"))
                .body("avatar_url", equalTo("https://yt3.ggpht.com/" + channel.id))
                .body("platform_api_version", equalTo("v3"))
                .body("scopes", hasItem("https://www.googleapis.com/auth/youtube.upload"));
        assertEquals(channel.id, account(account).externalId());
    }

    @Test
    void shouldRefreshBeforeExpiryAndKeepGooglesRefreshTokenWhenTheAnswerHasNone() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Short Lived");
        channel.expiresIn = 60; // inside the refresh lead: due at once
        String accountId = ConnectorTests.connectThroughConsentPage(workspace, "youtube", Map.of());
        String firstRefreshToken = channel.refreshToken;
        channel.expiresIn = 3599;

        await().atMost(Duration.ofSeconds(20))
                .until(() -> account(accountId)
                        .tokenExpiresAt()
                        .isAfter(Instant.now().plus(Duration.ofMinutes(30))));

        assertTrue(channel.refreshCalls.get() >= 1, "Google's token endpoint was asked");
        Account account = account(accountId);
        assertEquals(Account.CONNECTED, account.status());
        Credentials stored = QuarkusTransaction.requiringNew()
                .call(() -> credentials.read(account))
                .orElseThrow();
        assertEquals(firstRefreshToken, stored.refreshToken(), "Google does not rotate it: the stored one is kept");
    }

    @Test
    void shouldRefuseATextOnlyPostWithoutOpeningAnUploadSession() {
        PublishResult result = publishWithoutFiles("Words Only", Map.of(), PublishRequest.Content.NONE);

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("media_invalid", result.errorCode());
        assertTrue(result.errorMessage().contains("exactly one video"), result.errorMessage());
    }

    @Test
    void shouldRefuseAnUnknownPrivacyWithoutOpeningAnUploadSession() {
        PublishResult result = publishWithoutFiles("Odd Privacy", Map.of("privacy", "friends"), oneFile());

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("content_rejected", result.errorCode());
        assertTrue(result.errorMessage().contains("public, unlisted, private"), result.errorMessage());
    }

    @Test
    void shouldRefuseAPublishAtThatIsNoDateTimeWithoutOpeningAnUploadSession() {
        PublishResult result = publishWithoutFiles("Odd Time", Map.of("publish_at", "next friday"), oneFile());

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("content_rejected", result.errorCode());
        assertTrue(result.errorMessage().contains("ISO-8601"), result.errorMessage());
    }

    @Test
    void shouldRefuseAPublishAtForAPublicVideoWithoutOpeningAnUploadSession() {
        PublishResult result = publishWithoutFiles(
                "Public Premiere",
                Map.of("publish_at", Instant.now().plus(Duration.ofDays(1)).toString(), "privacy", "public"),
                oneFile());

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("content_rejected", result.errorCode());
        assertTrue(result.errorMessage().contains("stays private"), result.errorMessage());
    }

    @Test
    void shouldRetryLaterWithoutASessionWhenTheVideoCannotBeFetched() {
        PublishResult result = publishWithoutFiles("Files Away", Map.of(), oneFile());

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("media_unavailable", result.errorCode());
    }

    @Test
    void shouldReportViewsLikesCommentsAndSubscribersWhenAnalyticsAsks() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Metric Clips");
        channel.subscribers = 4321;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "youtube", Map.of());
        String video = "vid" + UUID.randomUUID().toString().substring(0, 8);
        // Counts are strings; likeCount is absent, as when the owner hides likes.
        YouTubeStub.STATISTICS.put(
                video,
                JsonNodeFactory.instance
                        .objectNode()
                        .put("viewCount", "1500")
                        .put("favoriteCount", "0")
                        .put("commentCount", "7"));

        MetricsReport report = MetricsTests.post(workspace, account, "youtube", video);
        assertEquals(MetricsReport.COLLECTED, report.status(), report.errorMessage());
        assertEquals(new MetricsReport.Values(1500L, null, null, 7L, null, null, null, null, null), report.metrics());
        assertTrue(report.raw().contains("\"viewCount\":\"1500\""), report.raw());

        MetricsReport followers = MetricsTests.account(workspace, account, "youtube");
        assertEquals(MetricsReport.COLLECTED, followers.status(), followers.errorMessage());
        assertEquals(4321L, followers.metrics().followers());

        channel.hidesSubscribers = true;
        MetricsReport hidden = MetricsTests.account(workspace, account, "youtube");
        assertEquals(MetricsReport.COLLECTED, hidden.status(), hidden.errorMessage());
        assertNull(hidden.metrics().followers(), "a hidden count is unknown, not 0");
    }

    @Test
    void shouldReportPostNotFoundWhenYouTubeListsNoSuchVideo() {
        YouTubeStub.nextChannel("Gone Clips");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "youtube", Map.of());

        MetricsReport gone = MetricsTests.post(workspace, account, "youtube", "deleted-video");

        assertEquals(MetricsReport.FAILED, gone.status());
        assertEquals("post_not_found", gone.errorCode());
    }

    @Test
    void shouldAnswerRateLimitedWithRetryAfterWhenYouTubeSays429() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Busy Clips");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "youtube", Map.of());
        channel.throttled = true;

        MetricsReport limited = MetricsTests.post(workspace, account, "youtube", "any-video");

        assertEquals(MetricsReport.RATE_LIMITED, limited.status(), limited.errorMessage());
        assertEquals("rate_limited", limited.errorCode());
        assertEquals(limited.collectedAt().plusSeconds(30), limited.retryAt());
        assertTrue(limited.errorMessage().contains("rateLimitExceeded"), limited.errorMessage());
    }

    @Test
    void shouldReportAuthExpiredWhenYouTubeRefusesTheToken() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Revoked Clips");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "youtube", Map.of());
        channel.revoked = true;

        MetricsReport refused = MetricsTests.post(workspace, account, "youtube", "any-video");

        assertEquals(MetricsReport.FAILED, refused.status());
        assertEquals("auth_expired", refused.errorCode());
    }

    /**
     * Publishes to a new channel's account where no media-service runs (the stub's settings point at a closed port),
     * and checks that no upload session was opened for the channel.
     */
    private PublishResult publishWithoutFiles(
            String channelTitle, Map<String, String> options, PublishRequest.Content content) {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel(channelTitle);
        String account = ConnectorTests.connectThroughConsentPage(workspace, "youtube", Map.of());

        PublishResult result = ConnectorTests.result(
                ConnectorTests.liveRequest(workspace, account, "youtube", "A clip", options, content));

        assertTrue(YouTubeStub.UPLOADS.stream().noneMatch(u -> u.channel == channel), "no upload session");
        return result;
    }

    private static PublishRequest.Content oneFile() {
        return new PublishRequest.Content(null, List.of("med_1"), null, List.of());
    }

    private Account account(String id) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.findById(id));
    }
}
