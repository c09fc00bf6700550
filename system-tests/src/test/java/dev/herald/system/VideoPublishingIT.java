package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.herald.publisher.connector.tiktok.TikTokStub;
import dev.herald.publisher.connector.youtube.YouTubeStub;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * Video to YouTube and TikTok through the whole stack, against a stub following the platform's documented contract: a real
 * H.264 MP4 (encoded by JCodec, in publisher-service's test resources) uploaded through the gateway, processed by
 * media-service, and sent by the publisher as the platform requires — the bytes the stub got must be the bytes
 * uploaded to Herald, and a lost connection or a lost answer must never make a second video.
 */
class VideoPublishingIT {

    private static final String ADMIN_TOKEN = "system-test-" + UUID.randomUUID();
    private static final YouTubeStub YOUTUBE = new YouTubeStub();
    private static final TikTokStub TIKTOK = new TikTokStub();
    private static HeraldStack stack;
    private static Tenant tenant;
    private static byte[] clip;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = YouTubeStub.class.getResourceAsStream("clip.mp4")) {
            clip = in.readAllBytes();
        }
        Map<String, String> settings = new HashMap<>(YOUTUBE.start());
        settings.putAll(TIKTOK.start());
        Path data =
                HeraldPaths.root().resolve("system-tests/target/stack-video-publishing-" + System.currentTimeMillis());
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        // The platforms' apps and addresses as the stubs give them (not their media-service address, which is for the
        // connector tests: here the real media-service serves the files).
        settings.forEach((key, value) -> {
            if (key.startsWith("herald.publisher.apps.")) {
                stack.environment(
                        "publisher-service",
                        key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'),
                        value);
            }
        });
        // A lost connection or answer is noticed after this long (the stubs' stalled calls never answer).
        stack.environment("publisher-service", "HERALD_PUBLISHER_PLATFORM_TIMEOUT", "5s");
        stack.startAll();
        tenant = Tenant.provision(stack, ADMIN_TOKEN, "Video publishing", "live");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        YOUTUBE.stop();
        TIKTOK.stop();
    }

    @Test
    void shouldUploadTheVideoToYouTubeInOneResumableSessionWithThePostsOptions() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Herald Launch");

        JsonPath published = publishClip(
                "youtube",
                "Launch day\nEverything we shipped this week.",
                Map.of("privacy", "unlisted", "tags", "herald, launch", "made_for_kids", "false"));

        assertEquals("published", published.getString("status"), published.prettify());
        String id = published.getString("destinations[0].platform_post_id");
        assertEquals("https://www.youtube.com/watch?v=" + id, published.getString("destinations[0].permalink"));
        YouTubeStub.Upload upload = YouTubeStub.video(id);
        assertEquals(channel, upload.channel);
        assertArrayEquals(clip, upload.bytes(), "the bytes as uploaded to Herald");
        assertEquals("video/mp4", upload.contentType);
        assertEquals("Launch day", upload.resource.at("/snippet/title").asText(), "the caption's first line");
        assertEquals(
                "Launch day\nEverything we shipped this week.",
                upload.resource.at("/snippet/description").asText());
        assertEquals("unlisted", upload.resource.at("/status/privacyStatus").asText());
        assertEquals(
                "[\"herald\",\"launch\"]", upload.resource.at("/snippet/tags").toString());
        assertEquals(List.of("bytes 0-" + (clip.length - 1) + "/" + clip.length), upload.contentRanges);
    }

    @Test
    void shouldResumeTheSameUploadSessionWhenTheConnectionIsLostMidUpload() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Herald Flaky");
        channel.cutAfter = 100_000;

        JsonPath published = publishClip("youtube", "Uploaded over a bad line", Map.of());

        assertEquals("published", published.getString("status"), published.prettify());
        List<YouTubeStub.Upload> sessions = sessionsOf(channel);
        assertEquals(1, sessions.size(), "one session, resumed");
        assertEquals(1, YouTubeStub.videosOf(channel), "one video");
        YouTubeStub.Upload upload = sessions.get(0);
        assertArrayEquals(clip, upload.bytes(), "the two parts make the uploaded file");
        assertTrue(upload.contentRanges.contains("bytes */" + clip.length), "the session was asked how far it got");
        assertTrue(
                upload.contentRanges.contains("bytes 100000-" + (clip.length - 1) + "/" + clip.length),
                upload.contentRanges.toString());
    }

    @Test
    void shouldSettleALostFinalAnswerByAskingTheSessionInsteadOfUploadingAgain() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Herald Silent");
        channel.stallFinalAnswer = true;

        JsonPath published = publishClip("youtube", "Published despite the timeout", Map.of());

        assertEquals("published", published.getString("status"), published.prettify());
        List<YouTubeStub.Upload> sessions = sessionsOf(channel);
        assertEquals(1, sessions.size(), "one session");
        assertEquals(1, YouTubeStub.videosOf(channel), "one video");
        assertEquals(sessions.get(0).videoId, published.getString("destinations[0].platform_post_id"));
        assertEquals(
                List.of("bytes 0-" + (clip.length - 1) + "/" + clip.length, "bytes */" + clip.length),
                sessions.get(0).contentRanges,
                "the bytes once, then the question");
    }

    @Test
    void shouldPutThePostOffUntilYouTubesDailyResetWhenTheQuotaIsUsedUp() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Herald Busy");
        channel.refuseWith = "quotaExceeded";
        String account = tenant.connectThroughConsent("youtube", Map.of());
        String media = tenant.upload(clip, "busy.mp4", "video/mp4", null);
        Instant before = Instant.now();

        String post = tenant.publishNow("Tomorrow then", account, List.of(media));

        JsonPath deferred = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> tenant.api()
                                .get("/v1/posts/" + post)
                                .then()
                                .extract()
                                .jsonPath(),
                        json -> "quota_exhausted".equals(json.getString("destinations[0].error.code")));
        Instant retryAt = Instant.parse(deferred.getString("destinations[0].next_retry_at"));
        ZoneId pacific = ZoneId.of("America/Los_Angeles");
        Instant midnight = before.atZone(pacific)
                .toLocalDate()
                .plusDays(1)
                .atStartOfDay(pacific)
                .toInstant();
        assertTrue(
                Duration.between(midnight, retryAt).abs().toSeconds() <= 5,
                "put off until midnight Pacific time (" + midnight + "): " + retryAt);
        assertEquals(0, YouTubeStub.videosOf(channel));
    }

    @Test
    void shouldRefuseAnImagePostForYouTubeWhenItIsCreated() throws IOException {
        YouTubeStub.nextChannel("Herald Stills");
        String account = tenant.connectThroughConsent("youtube", Map.of());
        String image = tenant.upload(Images.png(20, 20, Color.PINK), "still.png", "image/png", null);

        // Asked again until the post-service has heard of the image (media.ready through Kafka).
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> tenant.api()
                        .contentType(ContentType.JSON)
                        .body(Map.of(
                                "caption", "A still", "account_ids", List.of(account), "media_ids", List.of(image)))
                        .post("/v1/posts")
                        .then()
                        .statusCode(400)
                        .body("error.details.code", hasItem("video_required")));
    }

    @Test
    void shouldPostTheVideoToTikTokInOneChunkWithTheCreatorsSettingsRespected() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.moves");
        creator.commentDisabled = true;

        JsonPath published = publishClip(
                "tiktok", "New moves #herald", Map.of("privacy_level", "PUBLIC_TO_EVERYONE", "disable_duet", "true"));

        assertEquals("published", published.getString("status"), published.prettify());
        List<TikTokStub.Post> posts = TikTokStub.postsOf(creator);
        assertEquals(1, posts.size());
        TikTokStub.Post post = posts.get(0);
        assertEquals(post.postId, published.getString("destinations[0].platform_post_id"));
        assertEquals(
                "https://www.tiktok.com/@herald.moves/video/" + post.postId,
                published.getString("destinations[0].permalink"));
        assertArrayEquals(clip, post.bytes(), "the bytes as uploaded to Herald");
        assertEquals("New moves #herald", post.postInfo.path("title").asText());
        assertEquals("PUBLIC_TO_EVERYONE", post.postInfo.path("privacy_level").asText());
        assertTrue(post.postInfo.path("disable_comment").asBoolean(), "the creator turned comments off in the app");
        assertTrue(post.postInfo.path("disable_duet").asBoolean());
        assertEquals(clip.length, post.sourceInfo.path("chunk_size").asLong(), "under 5 MB: whole");
        assertEquals(1, post.sourceInfo.path("total_chunk_count").asLong());
        assertEquals(List.of("bytes 0-" + (clip.length - 1) + "/" + clip.length), post.contentRanges);
    }

    @Test
    void shouldAskTikTokAgainLaterWhileItProcessesInsteadOfWaitingInAWorker() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.slow");
        creator.processingPolls = 1;
        String account = tenant.connectThroughConsent("tiktok", Map.of());
        String media = tenant.upload(clip, "slow.mp4", "video/mp4", null);

        String post = tenant.publishNow(
                "Only for me", account, List.of(media), Map.of("tiktok", Map.of("privacy_level", "SELF_ONLY")));

        JsonPath processing = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> tenant.api()
                                .get("/v1/posts/" + post)
                                .then()
                                .extract()
                                .jsonPath(),
                        json -> "media_processing".equals(json.getString("destinations[0].error.code")));
        assertTrue(processing.getString("destinations[0].next_retry_at") != null, processing.prettify());
        JsonPath published = tenant.awaitFinal(post);
        assertEquals("published", published.getString("status"), published.prettify());
        List<TikTokStub.Post> posts = TikTokStub.postsOf(creator);
        assertEquals(1, posts.size(), "asked again about the same publish, not posted again");
        assertEquals(posts.get(0).publishId, published.getString("destinations[0].platform_post_id"));
        assertEquals("https://www.tiktok.com/@herald.slow", published.getString("destinations[0].permalink"));
    }

    @Test
    void shouldResumeTheSameTikTokPublishWhenTheConnectionIsLostMidChunk() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.flaky");
        creator.cutAfter = 100_000;

        JsonPath published = publishClip("tiktok", "Over a bad line", Map.of("privacy_level", "SELF_ONLY"));

        assertEquals("published", published.getString("status"), published.prettify());
        List<TikTokStub.Post> posts = TikTokStub.postsOf(creator);
        assertEquals(1, posts.size(), "one video/init: the publish id was resumed");
        assertArrayEquals(clip, posts.get(0).bytes());
        String whole = "bytes 0-" + (clip.length - 1) + "/" + clip.length;
        assertEquals(List.of(whole, whole), posts.get(0).contentRanges, "the dropped chunk sent again");
    }

    @Test
    void shouldSettleALostFinalTikTokAnswerWithTheStatusOfThatPublish() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.quiet");
        creator.stallFinalAnswer = true;

        JsonPath published = publishClip("tiktok", "Posted despite the timeout", Map.of("privacy_level", "SELF_ONLY"));

        assertEquals("published", published.getString("status"), published.prettify());
        List<TikTokStub.Post> posts = TikTokStub.postsOf(creator);
        assertEquals(1, posts.size(), "one post");
        assertEquals(1, posts.get(0).contentRanges.size(), "the bytes once");
    }

    @Test
    void shouldFailWithTikToksReasonWhenItRefusesTheVideoAfterProcessing() {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.long");
        creator.failWith = "duration_check_failed";

        JsonPath failed = publishClip("tiktok", "Too long", Map.of("privacy_level", "SELF_ONLY"));

        assertEquals("failed", failed.getString("status"), failed.prettify());
        assertEquals("media_invalid", failed.getString("destinations[0].error.code"));
        assertTrue(
                failed.getString("destinations[0].error.message").contains("duration_check_failed"), failed.prettify());
    }

    /**
     * Connects the platform's next user's account, uploads the clip through the gateway, publishes it now with these
     * options and waits for the post to be final.
     */
    private static JsonPath publishClip(String platform, String caption, Map<String, String> options) {
        String account = tenant.connectThroughConsent(platform, Map.of());
        String media = tenant.upload(clip, platform + ".mp4", "video/mp4", null);
        return tenant.awaitFinal(
                tenant.publishNow(caption, account, List.of(media), Map.<String, Object>of(platform, options)));
    }

    private static List<YouTubeStub.Upload> sessionsOf(YouTubeStub.Channel channel) {
        return YouTubeStub.UPLOADS.stream().filter(u -> u.channel == channel).toList();
    }
}
