package dev.herald.publisher.connector.tiktok;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
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
import dev.herald.publisher.connector.youtube.ConsentStart;
import dev.herald.publisher.metrics.MetricsTests;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * TikTok against {@link TikTokStub}, for what needs no file: Login Kit with {@code client_key} and PKCE, the
 * rotating refresh token, and what {@code creator_info} decides before a file is fetched (a privacy level the creator
 * is not offered; a rate limit deferring the post). Videos themselves (the chunked upload, its resumption, a lost
 * final answer, processing polled by deferral) need media-service's bytes: they run in {@code VideoPublishingIT}.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TikTokStub.class)
class TikTokConnectorTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    AccountRepository accounts;

    @Inject
    CredentialService credentials;

    @Test
    void shouldSendTheClientKeyScopesAndPkceChallengeToTheConsentPage() {
        Map<String, String> query = ConsentStart.query(workspace, "tiktok");

        assertEquals(TikTokStub.CLIENT_KEY, query.get("client_key"));
        assertEquals("user.info.basic,user.info.stats,video.list,video.publish", query.get("scope"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertTrue(query.get("redirect_uri").endsWith("/v1/accounts/callback/tiktok"), query.get("redirect_uri"));
    }

    @Test
    void shouldConnectTheCreatorByOpenIdWhenTikTokApproves() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.dance");

        String account = ConnectorTests.connectThroughConsentPage(workspace, "tiktok", Map.of());

        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + account)
                .then()
                .statusCode(200)
                .body("platform", equalTo("tiktok"))
                .body("handle", equalTo("herald.dance"))
                .body("display_name", equalTo("herald.dance (TikTok)"))
                .body("platform_api_version", equalTo("v2"));
        assertEquals(creator.openId, account(account).externalId());
    }

    @Test
    void shouldKeepTheRotatedRefreshTokenWhenTheAccessTokenIsRefreshed() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.rotate");
        creator.expiresIn = 60; // inside the refresh lead: due at once
        String accountId = ConnectorTests.connectThroughConsentPage(workspace, "tiktok", Map.of());
        String first = creator.refreshToken;
        creator.expiresIn = 86_400;

        await().atMost(Duration.ofSeconds(20)).until(() -> creator.refreshCalls.get() >= 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> account(accountId)
                        .tokenExpiresAt()
                        .isAfter(Instant.now().plus(Duration.ofHours(1))));

        Account account = account(accountId);
        Credentials stored = QuarkusTransaction.requiringNew()
                .call(() -> credentials.read(account))
                .orElseThrow();
        assertNotEquals(first, stored.refreshToken(), "TikTok rotated it");
        assertEquals(creator.refreshToken, stored.refreshToken(), "the new one is kept");
        assertEquals(Account.CONNECTED, account.status());
    }

    @Test
    void shouldRefuseAPrivacyLevelTheCreatorIsNotOfferedWithoutInitialisingAPost() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.private");
        creator.privacyOptions = List.of("SELF_ONLY");

        PublishResult result = publish(creator, Map.of("privacy_level", "PUBLIC_TO_EVERYONE"));

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("content_rejected", result.errorCode());
        assertTrue(result.errorMessage().contains("as SELF_ONLY; not PUBLIC_TO_EVERYONE"), result.errorMessage());
    }

    @Test
    void shouldRefuseAVideoWithoutAPrivacyLevelWithoutCallingTikTok() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.undecided");

        PublishResult result = publish(creator, Map.of());

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("content_rejected", result.errorCode());
        assertTrue(result.errorMessage().contains("privacy_level"), result.errorMessage());
    }

    @Test
    void shouldDeferAMinuteWithoutUsingAnAttemptWhenTikTokRateLimitsTheCreator() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.busy");
        creator.throttled = true;
        Instant before = Instant.now();

        PublishResult result = publish(creator, Map.of("privacy_level", "SELF_ONLY"));

        assertEquals(PublishResult.RETRYING, result.status(), result.errorMessage());
        assertEquals("rate_limited", result.errorCode());
        assertTrue(result.errorMessage().contains("rate_limit_exceeded"), result.errorMessage());
        assertTrue(!result.nextRetryAt().isBefore(before.plus(Duration.ofSeconds(59))), "TikTok's minute window");
    }

    @Test
    void shouldReportViewsLikesCommentsSharesAndFollowersWhenAnalyticsAsks() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.metrics");
        creator.followers = 5150;
        creator.videos.put(
                "7311111111111111111",
                JsonNodeFactory.instance
                        .objectNode()
                        .put("id", "7311111111111111111")
                        .put("title", "A dance")
                        .put("view_count", 9001)
                        .put("like_count", 420)
                        .put("comment_count", 17)
                        .put("share_count", 5));
        String account = ConnectorTests.connectThroughConsentPage(workspace, "tiktok", Map.of());

        MetricsReport report = MetricsTests.post(workspace, account, "tiktok", "7311111111111111111");
        assertEquals(MetricsReport.COLLECTED, report.status(), report.errorMessage());
        assertEquals(new MetricsReport.Values(9001L, null, 420L, 17L, 5L, null, null, null, null), report.metrics());
        assertTrue(!report.raw().contains("A dance"), "only the fields asked come back: " + report.raw());

        MetricsReport followers = MetricsTests.account(workspace, account, "tiktok");
        assertEquals(MetricsReport.COLLECTED, followers.status(), followers.errorMessage());
        assertEquals(5150L, followers.metrics().followers());

        MetricsReport gone = MetricsTests.post(workspace, account, "tiktok", "7399999999999999999");
        assertEquals(MetricsReport.FAILED, gone.status());
        assertEquals("post_not_found", gone.errorCode());
    }

    @Test
    void shouldAnswerUnsupportedForAPostOnlyItsCreatorSeesWithoutCallingTikTok() {
        TikTokStub.nextCreator("herald.selfonly");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "tiktok", Map.of());

        MetricsReport report = MetricsTests.post(workspace, account, "tiktok", "v_pub_file~v2-1.123");

        assertEquals(MetricsReport.UNSUPPORTED, report.status());
        assertTrue(report.errorMessage().contains("only its creator sees"), report.errorMessage());
    }

    @Test
    void shouldAskForReconnectionWhenTheUserDeclinedTheMetricsScopes() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.declined");
        creator.declined = List.of("user.info.stats", "video.list");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "tiktok", Map.of());

        MetricsReport followers = MetricsTests.account(workspace, account, "tiktok");
        MetricsReport post = MetricsTests.post(workspace, account, "tiktok", "7311111111111111112");

        for (MetricsReport report : List.of(followers, post)) {
            assertEquals(MetricsReport.FAILED, report.status());
            assertEquals("metrics_permission_missing", report.errorCode());
            assertTrue(report.errorMessage().contains("scope_not_authorized"), report.errorMessage());
        }
    }

    @Test
    void shouldAnswerRateLimitedForAMinuteWhenTikTokSays429() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.metrics.busy");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "tiktok", Map.of());
        creator.throttled = true;

        MetricsReport limited = MetricsTests.post(workspace, account, "tiktok", "7311111111111111113");

        assertEquals(MetricsReport.RATE_LIMITED, limited.status(), limited.errorMessage());
        assertEquals("rate_limited", limited.errorCode());
        assertEquals(limited.collectedAt().plus(Duration.ofMinutes(1)), limited.retryAt());
    }

    /** Publishes one (never fetched) video to a new account of the creator; no post may have been initialised. */
    private PublishResult publish(TikTokStub.Creator creator, Map<String, String> options) {
        String account = ConnectorTests.connectThroughConsentPage(workspace, "tiktok", Map.of());
        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace,
                account,
                "tiktok",
                "A dance",
                options,
                new PublishRequest.Content(null, List.of("med_never_fetched"), null, List.of())));
        assertTrue(TikTokStub.postsOf(creator).isEmpty(), "no video/init");
        return result;
    }

    private Account account(String id) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.findById(id));
    }
}
