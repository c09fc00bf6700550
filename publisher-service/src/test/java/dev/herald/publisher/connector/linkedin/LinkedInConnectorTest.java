package dev.herald.publisher.connector.linkedin;

import static io.restassured.RestAssured.given;
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

import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.connector.ConnectorTests;
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
}
