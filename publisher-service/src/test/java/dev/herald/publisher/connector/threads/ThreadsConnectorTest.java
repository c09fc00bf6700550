package dev.herald.publisher.connector.threads;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Threads end to end against {@link ThreadsStub}: connect with the long-lived token exchange, two-step publishing,
 * and a lost publish answer settled by the container's status — the container is published once.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ThreadsStub.class)
class ThreadsConnectorTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldConnectWithALongLivedTokenAndPublishInTwoStepsWithTheThreadAsReplies() {
        ThreadsStub.Profile profile = ThreadsStub.nextProfile("herald.threads");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "threads", Map.of());
        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + account)
                .then()
                .body("handle", equalTo("herald.threads"))
                .body("platform_api_version", equalTo("v1.0"));

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace,
                account,
                "threads",
                "Two steps to publish",
                Map.of(),
                new PublishRequest.Content(null, List.of(), null, List.of("And a reply"))));

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        assertEquals("https://www.threads.net/@herald.threads/post/C" + result.platformPostId(), result.permalink());
        assertEquals(1, ThreadsStub.published(profile, "Two steps to publish"));
        ThreadsStub.Container reply = ThreadsStub.CONTAINERS.stream()
                .filter(c -> c.text.equals("And a reply"))
                .findFirst()
                .orElseThrow();
        assertEquals(result.platformPostId(), reply.replyTo);
    }

    @Test
    void shouldPublishTheContainerOnceWhenThePublishAnswerWasLost() {
        ThreadsStub.Profile profile = ThreadsStub.nextProfile("stalled.threads");
        profile.stallNextPublish = true;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "threads", Map.of());

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "threads", "Published despite the timeout", Map.of(), PublishRequest.Content.NONE));

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        assertEquals(1, ThreadsStub.published(profile, "Published despite the timeout"), "one post");
        assertEquals(
                1,
                ThreadsStub.CONTAINERS.stream()
                        .filter(c -> c.text.equals("Published despite the timeout"))
                        .count(),
                "one container, read back by its status instead of a second one");
    }

    @Test
    void shouldRetryInAnHourWhenMetaThrottles() {
        ThreadsStub.nextProfile("busy.threads").throttled = true;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "threads", Map.of());

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "threads", "Throttled", Map.of(), PublishRequest.Content.NONE));

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("rate_limited", result.errorCode());
        assertTrue(result.errorMessage().contains("code 4"), result.errorMessage());
    }

    @Test
    void shouldCollectThePostsInsightsAndTheFollowersWithTheRawAnswer() {
        ThreadsStub.Profile profile = ThreadsStub.nextProfile("measured.threads");
        profile.followers = 777;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "threads", Map.of());
        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "threads", "Insightful", Map.of(), PublishRequest.Content.NONE));
        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        ThreadsStub.INSIGHTS.put(
                result.platformPostId(),
                Map.of("views", 900L, "likes", 30L, "replies", 4L, "reposts", 5L, "quotes", 2L, "shares", 1L));

        MetricsReport post = MetricsTests.post(result);

        assertEquals(MetricsReport.COLLECTED, post.status(), post.errorMessage());
        // Views are impressions; reposts, quotes and shares together are shares.
        assertEquals(new MetricsReport.Values(900L, null, 30L, 4L, 8L, null, null, null, null), post.metrics());
        assertTrue(post.raw().contains("\"period\":\"lifetime\""), post.raw());

        MetricsReport followers = MetricsTests.account(workspace, account, "threads");
        assertEquals(MetricsReport.COLLECTED, followers.status(), followers.errorMessage());
        assertEquals(777L, followers.metrics().followers());
        assertTrue(followers.raw().contains("\"total_value\""), followers.raw());
    }

    @Test
    void shouldPutTheSlotOffWhenMetaThrottlesInsightsAndTellAPostThatIsGone() {
        ThreadsStub.Profile profile = ThreadsStub.nextProfile("throttled-reader.threads");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "threads", Map.of());
        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "threads", "Read me", Map.of(), PublishRequest.Content.NONE));

        profile.readsThrottled = true;
        MetricsReport limited = MetricsTests.post(result);
        assertEquals(MetricsReport.RATE_LIMITED, limited.status());
        assertEquals("rate_limited", limited.errorCode());
        assertEquals(
                limited.collectedAt().plusSeconds(3600).getEpochSecond(),
                limited.retryAt().getEpochSecond(),
                2);

        profile.readsThrottled = false;
        MetricsReport gone = MetricsTests.post(workspace, account, "threads", "17999999999");
        assertEquals(MetricsReport.FAILED, gone.status());
        assertEquals("post_not_found", gone.errorCode());

        // As for an account connected before Herald asked threads_manage_insights.
        profile.insightsGranted = false;
        MetricsReport refused = MetricsTests.post(result);
        assertEquals(MetricsReport.FAILED, refused.status());
        assertEquals("metrics_permission_missing", refused.errorCode());
    }
}
