package dev.herald.publisher.connector.linkedin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.herald.events.MetricsReport;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.publisher.metrics.MetricsTests;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * LinkedIn end to end against {@link LinkedInStub}: the member connect flow, posting with the pinned version
 * headers and "little text" escaping, LinkedIn's errors, and at-most-once for a lost answer (LinkedIn can neither
 * dedupe nor be read back without a restricted permission).
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LinkedInStub.class)
class LinkedInConnectorTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldConnectTheMemberWithTheirNameAnd60DayToken() {
        LinkedInStub.nextMember("Ada Lovelace");

        String account = ConnectorTests.connectThroughConsentPage(workspace, "linkedin", Map.of());

        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + account)
                .then()
                .statusCode(200)
                .body("platform", equalTo("linkedin"))
                .body("display_name", equalTo("Ada Lovelace"))
                .body("scopes", hasItem("w_member_social"))
                .body("platform_api_version", equalTo(LinkedInConnector.API_VERSION));
    }

    @Test
    void shouldPostWithThePinnedVersionAndEscapedCommentaryWhenAllIsWell() {
        LinkedInStub.Member member = LinkedInStub.nextMember("Grace Hopper");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "linkedin", Map.of());
        PublishRequest request = ConnectorTests.liveRequest(
                workspace,
                account,
                "linkedin",
                "Shipping #herald (beta) today @ 9:00",
                Map.of(),
                new PublishRequest.Content("https://herald.example/launch", List.of(), null, List.of()));

        PublishResult result = ConnectorTests.result(request);

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        LinkedInStub.Post post = LinkedInStub.POSTS.stream()
                .filter(p -> p.urn().equals(result.platformPostId()))
                .findFirst()
                .orElseThrow();
        assertEquals(member, post.author());
        assertEquals(LinkedInConnector.API_VERSION, post.version());
        assertEquals(
                "Shipping \\#herald \\(beta\\) today \\@ 9:00",
                post.body().get("commentary").asText());
        assertEquals(
                "https://herald.example/launch",
                post.body().path("content").path("article").path("source").asText());
        assertEquals("https://www.linkedin.com/feed/update/" + post.urn() + "/", result.permalink());
    }

    @Test
    void shouldWaitForTheNextUtcDayWhenLinkedInThrottles() {
        LinkedInStub.nextMember("Busy Member").throttled = true;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "linkedin", Map.of());

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "linkedin", "Daily cap", Map.of(), PublishRequest.Content.NONE));

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("rate_limited", result.errorCode());
        Instant tomorrow =
                LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        assertTrue(!result.nextRetryAt().isBefore(tomorrow), "LinkedIn's quotas are daily: " + result.nextRetryAt());
    }

    @Test
    void shouldFailAsUnknownOutcomeInsteadOfPostingTwiceWhenTheAnswerIsLost() {
        LinkedInStub.Member member = LinkedInStub.nextMember("Lost Answer");
        member.stallNextPost = true;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "linkedin", Map.of());

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "linkedin", "Maybe posted", Map.of(), PublishRequest.Content.NONE));

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("unknown_outcome", result.errorCode());
        assertEquals(1, LinkedInStub.count(member), "posted once at LinkedIn, never a second time");
    }

    @Test
    void shouldRetryLaterWhenLinkedInFailsWith5xx() {
        LinkedInStub.nextMember("Unlucky Member").unavailableFor.set(1);
        String account = ConnectorTests.connectThroughConsentPage(workspace, "linkedin", Map.of());

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "linkedin", "Server trouble", Map.of(), PublishRequest.Content.NONE));

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("platform_error", result.errorCode());
    }

    @Test
    void shouldConnectAnAdministeredOrganizationWithTheCommunityManagementScopesAndPostAsIt() {
        LinkedInStub.Member member = LinkedInStub.nextMember("Page Admin");
        LinkedInOrganizationStub.Organization page = LinkedInStub.administer(member, "Herald Labs");

        String account =
                ConnectorTests.connectThroughConsentPage(workspace, "linkedin", Map.of("organization_id", page.id));

        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + account)
                .then()
                .statusCode(200)
                .body("display_name", equalTo("Herald Labs"))
                .body("handle", equalTo("herald-labs"))
                .body("scopes", hasItem("rw_organization_admin"))
                .body("scopes", hasItem("w_organization_social"));
        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "linkedin", "From the page", Map.of(), PublishRequest.Content.NONE));
        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        LinkedInStub.Post post = LinkedInStub.POSTS.stream()
                .filter(p -> p.urn().equals(result.platformPostId()))
                .findFirst()
                .orElseThrow();
        assertEquals(page.urn(), post.body().path("author").asText());
    }

    @Test
    void shouldRefuseAnOrganizationTheMemberDoesNotAdminister() {
        LinkedInStub.nextMember("Not An Admin");

        ConnectorTests.returnThroughConsentPage(workspace, "linkedin", Map.of("organization_id", "424242"))
                .then()
                .statusCode(400)
                .body("error.code", equalTo("authorization_failed"))
                .body("error.message", containsString("not an approved administrator of organization 424242"));
    }

    @Test
    void shouldRefuseAnOrganizationIdThatIsNoNumberWhenTheFlowStarts() {
        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("organization_id", "urn:li:organization:1"))
                .post("/v1/accounts/connect/linkedin")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_organization_id"));
    }

    @Test
    void shouldReportAnOrganizationsShareStatisticsAndFollowersWhenAnalyticsAsks() {
        LinkedInStub.Member member = LinkedInStub.nextMember("Stats Admin");
        LinkedInOrganizationStub.Organization page = LinkedInStub.administer(member, "Stats Page");
        page.followers = 3100;
        page.statistics.put(
                "urn:li:share:991",
                JsonNodeFactory.instance
                        .objectNode()
                        .put("impressionCount", 5000)
                        .put("uniqueImpressionsCount", 3200)
                        .put("clickCount", 140)
                        .put("likeCount", 88)
                        .put("commentCount", 9)
                        .put("shareCount", 4)
                        .put("engagement", 0.048));
        String account =
                ConnectorTests.connectThroughConsentPage(workspace, "linkedin", Map.of("organization_id", page.id));

        MetricsReport report = MetricsTests.post(workspace, account, "linkedin", "urn:li:share:991");
        assertEquals(MetricsReport.COLLECTED, report.status(), report.errorMessage());
        assertEquals(new MetricsReport.Values(5000L, 3200L, 88L, 9L, 4L, null, 140L, null, null), report.metrics());

        MetricsReport followers = MetricsTests.account(workspace, account, "linkedin");
        assertEquals(MetricsReport.COLLECTED, followers.status(), followers.errorMessage());
        assertEquals(3100L, followers.metrics().followers());

        MetricsReport old = MetricsTests.post(workspace, account, "linkedin", "urn:li:ugcPost:5");
        assertEquals(MetricsReport.FAILED, old.status());
        assertEquals("post_not_found", old.errorCode());

        member.throttled = true;
        MetricsReport limited = MetricsTests.post(workspace, account, "linkedin", "urn:li:share:991");
        assertEquals(MetricsReport.RATE_LIMITED, limited.status(), limited.errorMessage());
        Instant tomorrow =
                LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        assertTrue(!limited.retryAt().isBefore(tomorrow), "LinkedIn's quotas are daily: " + limited.retryAt());
    }

    @Test
    void shouldAnswerUnsupportedNotZerosForAMemberAccount() {
        LinkedInStub.Member member = LinkedInStub.nextMember("Plain Member");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "linkedin", Map.of());
        member.throttled = true; // any call LinkedIn were asked would fail: none is made

        MetricsReport post = MetricsTests.post(workspace, account, "linkedin", "urn:li:share:1");
        MetricsReport followers = MetricsTests.account(workspace, account, "linkedin");

        for (MetricsReport report : List.of(post, followers)) {
            assertEquals(MetricsReport.UNSUPPORTED, report.status());
            assertTrue(
                    report.metrics() == null || MetricsReport.Values.NONE.equals(report.metrics()),
                    "no figures, not zeros: " + report.metrics());
            assertTrue(report.errorMessage().contains("Community Management API"), report.errorMessage());
        }
    }
}
