package dev.herald.publisher.connector.x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Publishing to X through the whole publisher (Kafka request, ledger, guards, connector) against {@link XApiStub}:
 * text with link, thread and first comment; X's errors in Herald's categories; and an unknown outcome settled by
 * reading the user's posts back instead of posting twice.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XApiStub.class)
class XConnectorTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldPublishTheCaptionThenChainTheThreadAndReplyTheFirstCommentWhenAllIsWell() {
        XApiStub.User user = XApiStub.nextUser("threader");
        String account = XConnectDance.connect(workspace);
        PublishRequest request = ConnectorTests.liveRequest(
                workspace,
                account,
                "x",
                "Launch day",
                Map.of(),
                new PublishRequest.Content(
                        "https://herald.example/launch", List.of(), "Questions welcome", List.of("1/ Why", "2/ How")));

        PublishResult result = published(request);

        XApiStub.Post head = XApiStub.find(result.platformPostId());
        assertEquals("Launch day\n\nhttps://herald.example/launch", head.text());
        assertEquals("https://x.com/threader/status/" + head.id(), result.permalink());
        XApiStub.Post why = XApiStub.POSTS.stream()
                .filter(p -> p.text().equals("1/ Why"))
                .findFirst()
                .orElseThrow();
        XApiStub.Post how = XApiStub.POSTS.stream()
                .filter(p -> p.text().equals("2/ How"))
                .findFirst()
                .orElseThrow();
        XApiStub.Post comment = XApiStub.POSTS.stream()
                .filter(p -> p.text().equals("Questions welcome"))
                .findFirst()
                .orElseThrow();
        assertEquals(head.id(), why.inReplyTo());
        assertEquals(why.id(), how.inReplyTo(), "a thread is a chain");
        assertEquals(head.id(), comment.inReplyTo(), "the first comment answers the post itself");
        assertEquals(user, head.author());
    }

    @Test
    void shouldRetryAtXsResetTimeWhenXAnswers429() {
        XApiStub.User user = XApiStub.nextUser("chatty");
        user.postLimit = 0;
        String account = XConnectDance.connect(workspace);
        PublishRequest request = ConnectorTests.liveRequest(
                workspace, account, "x", "One too many", Map.of(), PublishRequest.Content.NONE);

        PublishResult result = ConnectorTests.result(request);

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("rate_limited", result.errorCode());
        assertTrue(result.errorMessage().contains("Too Many Requests"), result.errorMessage());
        assertNotNull(result.nextRetryAt());
        assertTrue(
                result.nextRetryAt().isAfter(Instant.now().minusSeconds(1)),
                "not before x-rate-limit-reset: " + result.nextRetryAt());
    }

    @Test
    void shouldFailWithXsOwnWordsWhenTheTextIsADuplicate() {
        XApiStub.User user = XApiStub.nextUser("repeater");
        String account = XConnectDance.connect(workspace);
        published(ConnectorTests.liveRequest(
                workspace, account, "x", "Same words", Map.of(), PublishRequest.Content.NONE));

        PublishResult again = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "x", "Same words", Map.of(), PublishRequest.Content.NONE));

        assertEquals(PublishResult.FAILED, again.status());
        assertEquals("content_rejected", again.errorCode());
        assertTrue(again.errorMessage().contains("duplicate content"), again.errorMessage());
        assertEquals(1, XApiStub.count(user, "Same words"));
    }

    @Test
    void shouldRetryLaterWhenXIsUnavailable() {
        XApiStub.User user = XApiStub.nextUser("unlucky");
        user.unavailableFor.set(1);
        String account = XConnectDance.connect(workspace);

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace, account, "x", "Try again", Map.of(), PublishRequest.Content.NONE));

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("platform_error", result.errorCode());
        assertEquals(0, XApiStub.count(user, "Try again"));
    }

    @Test
    void shouldReadThePostBackInsteadOfPostingTwiceWhenTheAnswerWasLost() {
        XApiStub.User user = XApiStub.nextUser("stalled");
        user.stallNextPost = true; // created at X, but the answer never comes back
        String account = XConnectDance.connect(workspace);
        PublishRequest request = ConnectorTests.liveRequest(
                workspace,
                account,
                "x",
                "Live despite the timeout https://herald.example/x",
                Map.of(),
                PublishRequest.Content.NONE);

        PublishResult result = published(request);

        assertEquals(1, XApiStub.count(user, request.caption()), "exactly one post at X");
        XApiStub.Post post = XApiStub.find(result.platformPostId());
        assertEquals(request.caption(), post.text(), "found by reading back, although X shows the link as t.co");
    }

    @Test
    void shouldCollectThePostsPublicAndNonPublicMetricsAndTheFollowersWithTheRawAnswer() {
        XApiStub.User user = XApiStub.nextUser("measured");
        user.followers = 2048;
        String account = XConnectDance.connect(workspace);
        PublishResult result = published(ConnectorTests.liveRequest(
                workspace, account, "x", "How did this do?", Map.of(), PublishRequest.Content.NONE));
        XApiStub.COUNTS.put(result.platformPostId(), new XApiStub.Counts(1500, 40, 6, 2, 9, 3, 17));

        MetricsReport post = MetricsTests.post(result);

        assertEquals(MetricsReport.COLLECTED, post.status(), post.errorMessage());
        // Retweets and quotes are shares, bookmarks saves, link clicks (non-public) clicks; X reports no reach.
        assertEquals(new MetricsReport.Values(1500L, null, 40L, 9L, 8L, 3L, 17L, null, null), post.metrics());
        assertTrue(post.raw().contains("\"non_public_metrics\""), post.raw());
        assertTrue(post.raw().contains("\"impression_count\":1500"), post.raw());

        MetricsReport me = MetricsTests.account(workspace, account, "x");
        assertEquals(MetricsReport.COLLECTED, me.status(), me.errorMessage());
        assertEquals(new MetricsReport.Values(null, null, null, null, null, null, null, null, 2048L), me.metrics());
        assertTrue(me.raw().contains("\"followers_count\":2048"), me.raw());
    }

    @Test
    void shouldPutTheSlotOffUntilXsResetAndTellAMissingPostAndARevokedToken() {
        XApiStub.User user = XApiStub.nextUser("throttled-reader");
        String account = XConnectDance.connect(workspace);
        PublishResult result = published(ConnectorTests.liveRequest(
                workspace, account, "x", "Read me later", Map.of(), PublishRequest.Content.NONE));

        user.readsLimitedUntil = Instant.now().getEpochSecond() + 120;
        MetricsReport limited = MetricsTests.post(result);
        assertEquals(MetricsReport.RATE_LIMITED, limited.status());
        assertEquals("rate_limited", limited.errorCode());
        Instant reset = Instant.ofEpochSecond(user.readsLimitedUntil);
        assertTrue(
                !limited.retryAt().isBefore(reset.minusSeconds(1))
                        && limited.retryAt().isBefore(reset.plusSeconds(3)),
                "at x-rate-limit-reset " + reset + ": " + limited.retryAt());

        user.readsLimitedUntil = 0;
        MetricsReport gone = MetricsTests.post(workspace, account, "x", "1000000000000000001");
        assertEquals(MetricsReport.FAILED, gone.status());
        assertEquals("post_not_found", gone.errorCode());
        assertTrue(gone.errorMessage().contains("Could not find tweet"), gone.errorMessage());

        XApiStub.revoke(user);
        MetricsReport revoked = MetricsTests.post(result);
        assertEquals(MetricsReport.FAILED, revoked.status());
        assertEquals("auth_expired", revoked.errorCode());
    }

    private static PublishResult published(PublishRequest request) {
        PublishResult result = ConnectorTests.result(request);
        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        return result;
    }
}
