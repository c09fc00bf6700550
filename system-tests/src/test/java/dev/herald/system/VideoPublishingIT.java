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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.connector.bluesky.BlueskyPdsStub;
import dev.herald.publisher.connector.facebook.FacebookStub;
import dev.herald.publisher.connector.instagram.InstagramStub;
import dev.herald.publisher.connector.linkedin.LinkedInStub;
import dev.herald.publisher.connector.pinterest.PinterestStub;
import dev.herald.publisher.connector.tiktok.TikTokStub;
import dev.herald.publisher.connector.x.XApiStub;
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
    private static final PinterestStub PINTEREST = new PinterestStub();
    private static final LinkedInStub LINKEDIN = new LinkedInStub();
    private static final BlueskyPdsStub BLUESKY = new BlueskyPdsStub();
    private static final FacebookStub FACEBOOK = new FacebookStub();
    private static final InstagramStub INSTAGRAM = new InstagramStub();
    private static final XApiStub X = new XApiStub();
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
        settings.putAll(PINTEREST.start());
        settings.putAll(LINKEDIN.start());
        settings.putAll(FACEBOOK.start());
        settings.putAll(INSTAGRAM.start());
        settings.putAll(X.start());
        BLUESKY.start();
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
        stack.environment("publisher-service", "HERALD_PUBLISHER_APPS_BLUESKY_API_BASE_URL", BLUESKY.baseUrl());
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
        PINTEREST.stop();
        LINKEDIN.stop();
        BLUESKY.stop();
        FACEBOOK.stop();
        INSTAGRAM.stop();
        X.stop();
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
    void shouldLetYouTubeMakeTheVideoPublicAtPublishAtWhenTheOptionIsGiven() {
        YouTubeStub.Channel channel = YouTubeStub.nextChannel("Herald Premiere");
        Instant at = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);

        JsonPath published = publishClip(
                "youtube",
                "Premiere",
                Map.of("publish_at", at.atOffset(ZoneOffset.ofHours(2)).toString()));

        assertEquals("published", published.getString("status"), published.prettify());
        YouTubeStub.Upload upload = YouTubeStub.video(published.getString("destinations[0].platform_post_id"));
        assertEquals(channel, upload.channel);
        assertEquals("private", upload.resource.at("/status/privacyStatus").asText(), "private until then");
        assertEquals(at.toString(), upload.resource.at("/status/publishAt").asText());
    }

    @Test
    void shouldRefuseAPublishAtInThePastWhenThePostIsCreated() {
        YouTubeStub.nextChannel("Herald Yesterday");
        String account = tenant.connectThroughConsent("youtube", Map.of());
        String media = tenant.upload(clip, "late.mp4", "video/mp4", null);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> tenant.api()
                        .contentType(ContentType.JSON)
                        .body(Map.of(
                                "caption",
                                "Too late",
                                "account_ids",
                                List.of(account),
                                "media_ids",
                                List.of(media),
                                "platform_options",
                                Map.of("youtube", Map.of("publish_at", "2020-01-01T00:00:00Z"))))
                        .post("/v1/posts")
                        .then()
                        .statusCode(400)
                        .body("error.details.code", hasItem("not_in_future")));
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

    @Test
    void shouldPostPhotosToTikTokAsAPhotoPostThatTikTokPullsFromHerald() throws IOException {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.photos");
        String account = tenant.connectThroughConsent("tiktok", Map.of());
        byte[] first = Images.of(64, 80, Color.ORANGE, "jpg");
        byte[] second = Images.of(64, 80, Color.CYAN, "jpg");
        List<String> media = List.of(
                tenant.upload(first, "first.jpg", "image/jpeg", null),
                tenant.upload(second, "second.jpg", "image/jpeg", null));

        JsonPath published = tenant.awaitFinal(tenant.publishNow(
                "Two stills #herald",
                account,
                media,
                Map.of(
                        "tiktok",
                        Map.of("privacy_level", "PUBLIC_TO_EVERYONE", "photo_cover_index", "1", "title", "Stills"))));

        assertEquals("published", published.getString("status"), published.prettify());
        List<TikTokStub.Post> posts = TikTokStub.postsOf(creator);
        assertEquals(1, posts.size());
        TikTokStub.Post post = posts.get(0);
        assertEquals(post.postId, published.getString("destinations[0].platform_post_id"));
        assertEquals(2, post.photos.size());
        assertArrayEquals(first, post.photos.get(0), "pulled from media-service's public URL, in order");
        assertArrayEquals(second, post.photos.get(1));
        assertEquals(1, post.sourceInfo.path("photo_cover_index").asInt());
        assertEquals("Stills", post.postInfo.path("title").asText());
        assertEquals("Two stills #herald", post.postInfo.path("description").asText());
    }

    @Test
    void shouldEndWithAnUnknownOutcomeRatherThanPostThePhotosTwiceWhenTheInitAnswerIsLost() throws IOException {
        TikTokStub.Creator creator = TikTokStub.nextCreator("herald.lost");
        creator.stallPhotoInitAnswer = true;
        String account = tenant.connectThroughConsent("tiktok", Map.of());
        String media = tenant.upload(Images.of(64, 64, Color.GREEN, "jpg"), "lost.jpg", "image/jpeg", null);

        JsonPath failed = tenant.awaitFinal(tenant.publishNow(
                "Lost answer", account, List.of(media), Map.of("tiktok", Map.of("privacy_level", "SELF_ONLY"))));

        assertEquals("failed", failed.getString("status"), failed.prettify());
        assertEquals("unknown_outcome", failed.getString("destinations[0].error.code"));
        assertEquals(1, TikTokStub.postsOf(creator).size(), "one init, never a second");
    }

    @Test
    void shouldPinTheVideoOnceUploadedAndProcessedAskingPinterestAgainByDeferral() {
        PinterestStub.User user = PinterestStub.nextUser("herald.pins");
        user.processingPolls = 1;

        JsonPath published = publishClip(
                "pinterest",
                "Our launch in motion",
                Map.of("board_id", user.boardId, "title", "Launch", "cover_image_key_frame_time", "1"));

        assertEquals("published", published.getString("status"), published.prettify());
        List<PinterestStub.Media> media = PinterestStub.mediaOf(user);
        assertEquals(1, media.size(), "registered once, though asked again while processing");
        assertArrayEquals(clip, media.get(0).bytes, "the bytes as uploaded to Herald");
        assertEquals(1, media.get(0).uploads.size(), "uploaded once");
        List<String> fields = media.get(0).uploads.get(0);
        assertEquals("file", fields.get(fields.size() - 1), "the file after every upload parameter");
        PinterestStub.Pin pin = PinterestStub.find(published.getString("destinations[0].platform_post_id"));
        assertEquals("video_id", pin.body().at("/media_source/source_type").asText());
        assertEquals(media.get(0).id, pin.body().at("/media_source/media_id").asText());
        assertEquals(
                1, pin.body().at("/media_source/cover_image_key_frame_time").asInt());
        assertEquals("Launch", pin.body().path("title").asText());
        assertEquals("Our launch in motion", pin.body().path("description").asText());
    }

    @Test
    void shouldFailTheVideoPinWhenPinterestCannotProcessTheVideo() {
        PinterestStub.User user = PinterestStub.nextUser("herald.broken");
        user.videoFails = true;

        JsonPath failed = publishClip("pinterest", "Broken video", Map.of("board_id", user.boardId));

        assertEquals("failed", failed.getString("status"), failed.prettify());
        assertEquals("media_invalid", failed.getString("destinations[0].error.code"));
        assertTrue(PinterestStub.PINS.stream().noneMatch(p -> p.owner() == user), "no Pin");
    }

    @Test
    void shouldPostTheVideoToLinkedInInPartsFinalizedWithTheirETagsOnceAvailable() {
        LinkedInStub.Member member = LinkedInStub.nextMember("Herald Video");
        member.videoPartBytes = 100_000;
        member.videoProcessingPolls = 1;

        JsonPath published = publishClip("linkedin", "Launch day, in motion", Map.of());

        assertEquals("published", published.getString("status"), published.prettify());
        List<LinkedInStub.Video> videos = LinkedInStub.videosOf(member);
        assertEquals(1, videos.size(), "initialized once, though asked again while processing");
        LinkedInStub.Video video = videos.get(0);
        assertArrayEquals(clip, video.bytes(), "the parts make the bytes uploaded to Herald");
        int parts = (clip.length + 99_999) / 100_000;
        assertTrue(parts > 1, "the clip goes in several parts");
        assertEquals(parts, video.puts.size(), "each part once");
        assertTrue(video.finalized);
        LinkedInStub.Post post = LinkedInStub.POSTS.stream()
                .filter(p -> p.urn().equals(published.getString("destinations[0].platform_post_id")))
                .findFirst()
                .orElseThrow();
        assertEquals(video.urn, post.body().at("/content/media/id").asText());
    }

    @Test
    void shouldEmbedTheVideoInTheBlueskyPostAsABlobWithItsAltTextAndAspectRatio() {
        BlueskyPdsStub.Account pds =
                BlueskyPdsStub.account("clips-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        String account = tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("identifier", pds.handle, "app_password", pds.appPassword))
                .post("/v1/accounts/connect/bluesky")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        tenant.awaitKnown(account);
        String media = tenant.upload(clip, "bluesky.mp4", "video/mp4", "A test pattern in motion");

        JsonPath published = tenant.awaitFinal(tenant.publishNow("Our first video", account, List.of(media)));

        assertEquals("published", published.getString("status"), published.prettify());
        BlueskyPdsStub.Stored record = BlueskyPdsStub.find(published.getString("destinations[0].platform_post_id"));
        JsonNode embed = record.value().path("embed");
        assertEquals("app.bsky.embed.video", embed.path("$type").asText());
        assertEquals("A test pattern in motion", embed.path("alt").asText());
        JsonPath described =
                tenant.api().get("/v1/media/" + media).then().extract().jsonPath();
        assertEquals(described.getInt("width"), embed.at("/aspectRatio/width").asInt(), described.prettify());
        assertEquals(described.getInt("height"), embed.at("/aspectRatio/height").asInt());
        BlueskyPdsStub.Blob blob =
                BlueskyPdsStub.BLOBS.get(embed.at("/video/ref/$link").asText());
        assertArrayEquals(clip, blob.bytes(), "the bytes as uploaded to Herald");
        assertEquals("video/mp4", blob.mimeType());
    }

    @Test
    void shouldPublishTheVideoToTheFacebookPageWhichFacebookFetchesFromTheUrlHeraldGave() {
        List<FacebookStub.Page> pages = FacebookStub.nextUser("Herald Videos");

        JsonPath published = publishClip("facebook", "Our launch video", Map.of());

        assertEquals("published", published.getString("status"), published.prettify());
        FacebookStub.Post post = FacebookStub.find(published.getString("destinations[0].platform_post_id"));
        assertEquals(pages.get(0), post.page);
        assertEquals("Our launch video", post.message, "the caption as the video's description");
        assertEquals(1, post.media.size());
        assertArrayEquals(clip, post.media.get(0).bytes(), "the bytes as uploaded to Herald");
    }

    @Test
    void shouldPublishTheVideoToInstagramAsAReelOnceInstagramProcessedIt() {
        InstagramStub.User user = InstagramStub.nextUser("herald.reels");

        JsonPath published = publishClip("instagram", "Reel of the week", Map.of());

        assertEquals("published", published.getString("status"), published.prettify());
        InstagramStub.Container container =
                InstagramStub.published(published.getString("destinations[0].platform_post_id"));
        assertEquals(user, container.owner);
        assertEquals("REELS", container.mediaType);
        assertEquals("Reel of the week", container.caption);
        assertArrayEquals(clip, container.file.bytes(), "the bytes as uploaded to Herald");
        assertEquals(
                1,
                InstagramStub.CONTAINERS.stream().filter(c -> c.owner == user).count(),
                "one container, published once it was FINISHED");
    }

    @Test
    void shouldResumeFromTheFinalizedLinkedInVideoWhenTheFinalizeAnswerIsLost() {
        LinkedInStub.Member member = LinkedInStub.nextMember("Lost Finalize");
        member.videoPartBytes = 100_000;
        member.stallFinalizeAnswer = true;

        JsonPath published = publishClip("linkedin", "Finalized, answer lost", Map.of());

        // LinkedInVideo's rule: a video past WAITING_UPLOAD was finalized, so the next attempt goes on from its URN.
        assertEquals("published", published.getString("status"), published.prettify());
        List<LinkedInStub.Video> videos = LinkedInStub.videosOf(member);
        assertEquals(1, videos.size(), "no second video");
        LinkedInStub.Video video = videos.get(0);
        assertEquals((clip.length + 99_999) / 100_000, video.puts.size(), "no part uploaded again");
        assertArrayEquals(clip, video.bytes());
        List<LinkedInStub.Post> posts =
                LinkedInStub.POSTS.stream().filter(p -> p.author() == member).toList();
        assertEquals(1, posts.size(), "one post");
        assertEquals(video.urn, posts.get(0).body().at("/content/media/id").asText());
    }

    @Test
    void shouldDeferRatherThanUploadAgainWhenPinterestStillSaysRegisteredAfterTheUpload() {
        PinterestStub.User user = PinterestStub.nextUser("herald.registered");
        user.registeredPolls = 1;

        JsonPath published = publishClip("pinterest", "Picked up late", Map.of("board_id", user.boardId));

        assertEquals("published", published.getString("status"), published.prettify());
        List<PinterestStub.Media> media = PinterestStub.mediaOf(user);
        assertEquals(1, media.size(), "registered once, though Pinterest said registered after the upload");
        assertEquals(1, media.get(0).uploads.size(), "uploaded once");
        assertEquals(
                media.get(0).id,
                PinterestStub.find(published.getString("destinations[0].platform_post_id"))
                        .body()
                        .at("/media_source/media_id")
                        .asText());
    }

    @Test
    void shouldAskLinkedInAgainByDeferralWhileItProcessesTheImagesUploadingEachOnce() throws IOException {
        LinkedInStub.Member member = LinkedInStub.nextMember("Image Wait");
        member.imageProcessingPolls = 1;
        String account = tenant.connectThroughConsent("linkedin", Map.of());
        byte[] first = Images.png(20, 10, Color.ORANGE);
        byte[] second = Images.png(10, 20, Color.CYAN);
        String one = tenant.upload(first, "one.png", "image/png", "One");
        String two = tenant.upload(second, "two.png", "image/png", "Two");

        JsonPath published = tenant.awaitFinal(tenant.publishNow("Two, processed", account, List.of(one, two)));

        assertEquals("published", published.getString("status"), published.prettify());
        Map<String, Integer> uploads = LinkedInStub.imageUploadsOf(member);
        assertEquals(2, uploads.size(), "two images initialized, not more: " + uploads);
        assertTrue(uploads.values().stream().allMatch(n -> n == 1), "each uploaded once: " + uploads);
        LinkedInStub.Post post = LinkedInStub.POSTS.stream()
                .filter(p -> p.urn().equals(published.getString("destinations[0].platform_post_id")))
                .findFirst()
                .orElseThrow();
        assertEquals(2, post.imageBytes().size());
        assertArrayEquals(first, post.imageBytes().get(0));
        assertArrayEquals(second, post.imageBytes().get(1));
    }

    @Test
    void shouldAskXForTheVideosStatusLaterInsteadOfWaitingOrUploadingAgain() {
        XApiStub.User user = XApiStub.nextUser("clips");
        String account = tenant.connectThroughConsent("x", Map.of());
        String media = tenant.upload(clip, "x.mp4", "video/mp4", null);

        JsonPath published = tenant.awaitFinal(tenant.publishNow("Watch this", account, List.of(media)));

        assertEquals("published", published.getString("status"), published.prettify());
        // X's finalize answers in_progress for a video: the attempt is deferred, the next asks command=STATUS.
        assertEquals(1, XApiStub.mediaUploadsOf(user), "uploaded once");
        assertTrue(XApiStub.mediaStatusReadsOf(user) >= 1, "asked again by STATUS");
        XApiStub.Post post = XApiStub.find(published.getString("destinations[0].platform_post_id"));
        assertArrayEquals(clip, post.mediaBytes().get(0), "the bytes as uploaded to Herald");
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
