package dev.herald.publisher.connector.bluesky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.MetricsReport;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.publisher.metrics.MetricsTests;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * Publishing to Bluesky through the whole publisher (Kafka request, ledger, guards, connector) against
 * {@link BlueskyPdsStub}: facets on UTF-8 byte offsets, the link card, thread and first comment as replies, the PDS's
 * errors in Herald's categories, and the doubtful cases (a lost answer, a 5xx after the write) settled by reading the
 * destination's record key back — exactly one record each time.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BlueskyPdsStub.class)
class BlueskyConnectorTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldWriteFacetsOnUtf8ByteOffsetsAndTheLinkCardWhenTheCaptionHasEmojiLinkMentionAndTag() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("poster.pds.test");
        BlueskyPdsStub.Account friend = BlueskyPdsStub.account("friend.pds.test");
        String account = BlueskySignIn.connect(workspace, user);
        String caption = "🚀 Lancé https://herald.example/l avec @friend.pds.test et @ghost.pds.test #Herald";
        PublishRequest request = request(
                account,
                caption,
                new PublishRequest.Content("https://herald.example/card", List.of(), null, List.of()),
                Map.of("langs", "fr,en"));

        PublishResult result = published(request);

        BlueskyPdsStub.Stored post = BlueskyPdsStub.find(result.platformPostId());
        assertNotNull(post, "the result names the record's at:// URI");
        assertEquals(caption, post.text());
        assertEquals(Tids.forDestination(request.destinationId(), 0), post.rkey(), "Herald chose the key");
        assertEquals("https://bsky.app/profile/poster.pds.test/post/" + post.rkey(), result.permalink());
        JsonNode facets = post.value().get("facets");
        assertEquals(3, facets.size(), "the unresolvable @ghost stays plain text: " + facets);
        // 🚀 = 4 bytes, "é" = 2: the link (char 9) starts at byte 12.
        assertFacet(facets.get(0), 12, 36, "app.bsky.richtext.facet#link", "uri", "https://herald.example/l");
        assertFacet(facets.get(1), 42, 58, "app.bsky.richtext.facet#mention", "did", friend.did);
        assertFacet(facets.get(2), 78, 85, "app.bsky.richtext.facet#tag", "tag", "Herald");
        JsonNode embed = post.value().get("embed");
        assertEquals("app.bsky.embed.external", embed.get("$type").asText());
        assertEquals(
                "https://herald.example/card", embed.get("external").get("uri").asText());
        assertEquals("fr", post.value().get("langs").get(0).asText());
        assertTrue(Instant.parse(post.value().get("createdAt").asText())
                .isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void shouldReplyTheThreadAsAChainAndTheFirstCommentToThePostWhenAllIsWell() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("threader.pds.test");
        String account = BlueskySignIn.connect(workspace, user);
        PublishRequest request = request(
                account,
                "Launch day",
                new PublishRequest.Content(null, List.of(), "Questions welcome", List.of("1/ Why", "2/ How")),
                Map.of());

        PublishResult result = published(request);

        List<BlueskyPdsStub.Stored> records = BlueskyPdsStub.records(user);
        assertEquals(4, records.size());
        BlueskyPdsStub.Stored head = records.get(0);
        BlueskyPdsStub.Stored why = records.get(1);
        BlueskyPdsStub.Stored how = records.get(2);
        BlueskyPdsStub.Stored comment = records.get(3);
        assertEquals(head.uri(), result.platformPostId());
        assertEquals("1/ Why", why.text());
        assertReply(why, head, head);
        assertReply(how, head, why);
        assertEquals("Questions welcome", comment.text());
        assertReply(comment, head, head);
    }

    @Test
    void shouldFailAsContentRejectedWithThePdssWordsWhenTheTextIsTooLong() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("verbose.pds.test");
        String account = BlueskySignIn.connect(workspace, user);

        PublishResult result = result(request(account, "a".repeat(301), PublishRequest.Content.NONE, Map.of()));

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("content_rejected", result.errorCode());
        assertTrue(result.errorMessage().contains("grapheme too big (maximum 300, got 301)"), result.errorMessage());
        assertEquals(0, BlueskyPdsStub.records(user).size());
    }

    @Test
    void shouldFailAsAuthExpiredWhenThePdsRefusesTheSession() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("revoked.pds.test");
        String account = BlueskySignIn.connect(workspace, user);
        user.accessRejected = true;

        PublishResult result = result(request(account, "Still there?", PublishRequest.Content.NONE, Map.of()));

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("auth_expired", result.errorCode());
        assertTrue(result.errorMessage().contains("ExpiredToken"), result.errorMessage());
    }

    @Test
    void shouldRetryNotBeforeRateLimitResetWhenThePdsAnswers429() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("chatty.pds.test");
        String account = BlueskySignIn.connect(workspace, user);
        long reset = Instant.now().plusSeconds(120).getEpochSecond();
        user.rateLimitedUntil = reset;

        PublishResult result = result(request(account, "One too many", PublishRequest.Content.NONE, Map.of()));

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("rate_limited", result.errorCode());
        assertTrue(result.errorMessage().contains("RateLimitExceeded"), result.errorMessage());
        assertFalse(
                result.nextRetryAt().isBefore(Instant.ofEpochSecond(reset)),
                "not before RateLimit-Reset " + reset + ": " + result.nextRetryAt());
    }

    @Test
    void shouldRetryLaterWithoutARecordWhenThePdsIsUnavailable() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("unlucky.pds.test");
        user.unavailableFor.set(1);
        String account = BlueskySignIn.connect(workspace, user);

        PublishResult result = result(request(account, "Try again", PublishRequest.Content.NONE, Map.of()));

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("platform_error", result.errorCode());
        assertEquals(0, BlueskyPdsStub.records(user).size());
    }

    @Test
    void shouldRetryLaterWithoutWritingWhenThePostsFilesCannotBeFetched() {
        // No media-service in these tests (the stub's config points the publisher at a closed port): the files of a
        // post cannot be had now, so nothing is written and the attempt is retried later. Images published for real
        // through the whole stack: MediaPublishingIT.
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("photographer.pds.test");
        String account = BlueskySignIn.connect(workspace, user);

        PublishResult result = result(request(
                account, "A picture", new PublishRequest.Content(null, List.of("med_1"), null, List.of()), Map.of()));

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("media_unavailable", result.errorCode());
        assertEquals(0, user.writeCalls.get());
    }

    @Test
    void shouldCountAsPublishedWhenThePdsAnswers500AfterWritingTheRecord() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("halfway.pds.test");
        user.failAfterWrite.set(1);
        String account = BlueskySignIn.connect(workspace, user);

        PublishResult result = published(request(account, "Written, then 500", PublishRequest.Content.NONE, Map.of()));

        assertEquals(1, BlueskyPdsStub.records(user).size(), "exactly one record");
        assertEquals(BlueskyPdsStub.records(user).get(0).uri(), result.platformPostId());
    }

    @Test
    void shouldReadTheRecordBackInsteadOfWritingTwiceWhenTheAnswerWasLost() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("stalled.pds.test");
        user.stallNextWrite = true; // written at the PDS, but the answer never comes back
        String account = BlueskySignIn.connect(workspace, user);
        PublishRequest request = request(
                account,
                "Live despite the timeout",
                new PublishRequest.Content(null, List.of(), "And a comment", List.of()),
                Map.of());

        PublishResult result = published(request);

        List<BlueskyPdsStub.Stored> records = BlueskyPdsStub.records(user);
        assertEquals(
                1,
                records.stream().filter(r -> r.text().equals(request.caption())).count(),
                "exactly one post");
        assertEquals(records.get(0).uri(), result.platformPostId());
        assertEquals(2, user.writeCalls.get(), "one write for the post, one for the comment; none again");
        BlueskyPdsStub.Stored comment = records.get(1);
        assertEquals("And a comment", comment.text(), "the comment is written once the post is found");
        assertReply(comment, records.get(0), records.get(0));
    }

    @Test
    void shouldRenewTheSessionBeforePublishingWhenTheAccessJwtIsAboutToExpire() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("refresher.pds.test");
        user.firstAccessLifetime = 300;
        user.refreshExpired = true; // and the refresh JWT is refused: the app password signs in again
        String account = BlueskySignIn.connect(workspace, user);

        published(request(account, "Fresh session", PublishRequest.Content.NONE, Map.of()));

        assertTrue(user.createSessionCalls.get() >= 2, "signed in again with the stored app password");
        assertEquals(1, BlueskyPdsStub.records(user).size());
    }

    private static void assertFacet(JsonNode facet, int start, int end, String type, String field, String value) {
        assertEquals(start, facet.get("index").get("byteStart").asInt(), facet.toString());
        assertEquals(end, facet.get("index").get("byteEnd").asInt(), facet.toString());
        JsonNode feature = facet.get("features").get(0);
        assertEquals(type, feature.get("$type").asText());
        assertEquals(value, feature.get(field).asText());
    }

    private static void assertReply(
            BlueskyPdsStub.Stored reply, BlueskyPdsStub.Stored root, BlueskyPdsStub.Stored parent) {
        JsonNode refs = reply.value().get("reply");
        assertEquals(root.uri(), refs.get("root").get("uri").asText());
        assertEquals(root.cid(), refs.get("root").get("cid").asText());
        assertEquals(parent.uri(), refs.get("parent").get("uri").asText());
        assertEquals(parent.cid(), refs.get("parent").get("cid").asText());
    }

    @Test
    void shouldCollectThePostsCountsFromTheAppViewAndTheProfilesFollowersWithTheRawAnswer() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("counted.pds.test");
        user.followers = 1234;
        String account = BlueskySignIn.connect(workspace, user);
        PublishResult result = published(request(account, "Count me", PublishRequest.Content.NONE, Map.of()));
        BlueskyPdsStub.COUNTS.put(result.platformPostId(), new BlueskyPdsStub.Counts(11, 4, 3, 2, 5));

        MetricsReport post = MetricsTests.post(result);

        assertEquals(MetricsReport.COLLECTED, post.status(), post.errorMessage());
        // Reposts and quotes are shares, bookmarks saves; Bluesky shows no impressions or clicks.
        assertEquals(new MetricsReport.Values(null, null, 11L, 3L, 6L, 5L, null, null, null), post.metrics());
        assertTrue(post.raw().contains("\"likeCount\":11"), post.raw());
        assertTrue(post.raw().contains(result.platformPostId()), "the post view as the AppView sent it");

        MetricsReport profile = MetricsTests.account(workspace, account, "bluesky");
        assertEquals(MetricsReport.COLLECTED, profile.status(), profile.errorMessage());
        assertEquals(1234L, profile.metrics().followers());
        assertTrue(profile.raw().contains("\"followersCount\":1234"), profile.raw());
    }

    @Test
    void shouldPutTheSlotOffUntilRateLimitResetAndTellAPostThatIsGone() {
        BlueskyPdsStub.Account user = BlueskyPdsStub.account("busy-reader.pds.test");
        String account = BlueskySignIn.connect(workspace, user);
        PublishResult result = published(request(account, "Read me", PublishRequest.Content.NONE, Map.of()));

        user.readsLimitedUntil = Instant.now().getEpochSecond() + 90;
        MetricsReport limited = MetricsTests.post(result);
        assertEquals(MetricsReport.RATE_LIMITED, limited.status());
        assertEquals("rate_limited", limited.errorCode());
        Instant reset = Instant.ofEpochSecond(user.readsLimitedUntil);
        assertTrue(
                !limited.retryAt().isBefore(reset) && limited.retryAt().isBefore(reset.plusSeconds(3)),
                "at RateLimit-Reset " + reset + ": " + limited.retryAt());

        user.readsLimitedUntil = 0;
        MetricsReport gone = MetricsTests.post(
                workspace, account, "bluesky", "at://" + user.did + "/app.bsky.feed.post/3kdeletedpost22");
        assertEquals(MetricsReport.FAILED, gone.status());
        assertEquals("post_not_found", gone.errorCode());

        user.accessRejected = true;
        MetricsReport expired = MetricsTests.post(result);
        assertEquals(MetricsReport.FAILED, expired.status());
        assertEquals("auth_expired", expired.errorCode());
    }

    private PublishRequest request(
            String account, String caption, PublishRequest.Content content, Map<String, String> options) {
        return ConnectorTests.liveRequest(workspace, account, "bluesky", caption, options, content);
    }

    private static PublishResult published(PublishRequest request) {
        PublishResult result = result(request);
        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        return result;
    }

    private static PublishResult result(PublishRequest request) {
        return ConnectorTests.result(request, Duration.ofSeconds(30));
    }
}
