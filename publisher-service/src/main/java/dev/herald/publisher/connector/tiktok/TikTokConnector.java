package dev.herald.publisher.connector.tiktok;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.MetricsRequest;
import dev.herald.events.PublishRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.CallReadiness;
import dev.herald.publisher.connector.PlatformConnector;
import dev.herald.publisher.connector.PostText;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.youtube.StreamedPut;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * Direct Post of a video with the Content Posting API (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post):
 * {@code creator_info/query} first (the privacy levels this creator may use, their comment/duet/stitch settings, the
 * longest video they may post), then {@code video/init} with {@code post_info} (caption as title, the
 * {@code privacy_level} option, {@code disable_comment}/{@code disable_duet}/{@code disable_stitch}) and
 * {@code source_info} {@code FILE_UPLOAD}, the file {@code PUT} to {@code upload_url} in chunks with
 * {@code Content-Range} ({@link TikTokUpload}), streamed from media-service, then {@code status/fetch}.
 *
 * <p>{@code FILE_UPLOAD} rather than {@code PULL_FROM_URL}: pulling needs the operator to verify ownership of
 * media-service's public URL prefix with TikTok, and a lost init answer would leave a post Herald cannot find; with
 * an upload, nothing is posted before the last byte arrives, so a lost init is simply retried. The {@code publish_id}
 * and {@code upload_url} are committed on the ledger entry before any byte is sent; a later attempt asks
 * {@code status/fetch}, whose {@code uploaded_bytes} says which chunk to resume from, and never inits a second
 * post while the first may still go live. TikTok processes and moderates the video for a while: until
 * {@code PUBLISH_COMPLETE} or {@code FAILED} the attempt is deferred ({@code media_processing}) and the next one
 * asks again — no worker waits.
 *
 * <p>Photos (1 to 35, JPEG or WebP) go as a photo post with {@code content/init} ({@link PhotoPost}), which TikTok
 * only takes as {@code PULL_FROM_URL}: see {@link #photos}.
 */
@ApplicationScoped
public class TikTokConnector implements PlatformConnector {

    static final String API_VERSION = "v2";
    /** How long TikTok usually takes to process a video before it is asked again. */
    static final Duration PROCESSING_WAIT = Duration.ofSeconds(20);

    private final TokenService tokens;
    private final Checkpoints checkpoints;
    private final MediaFiles media;
    private final PlatformHttp http;
    private final StreamedPut uploads;
    private final String api;
    private final TikTokMetrics metrics;

    public TikTokConnector(TokenService tokens, Checkpoints checkpoints, MediaFiles media, PublisherConfig config) {
        this.tokens = tokens;
        this.checkpoints = checkpoints;
        this.media = media;
        this.http = new PlatformHttp(config.platformTimeout());
        this.uploads = new StreamedPut(media, config.platformTimeout());
        PublisherConfig.App app = config.apps().get(TikTokConnectFlow.PLATFORM);
        this.api = app == null ? TikTokConnectFlow.API_URL : app.apiBaseUrl().orElse(TikTokConnectFlow.API_URL);
        this.metrics = new TikTokMetrics(tokens, http, api);
    }

    @Override
    public MetricsOutcome metrics(Account account, MetricsRequest request) {
        return metrics.fetch(account, request);
    }

    @Override
    public String platform() {
        return TikTokConnectFlow.PLATFORM;
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "TikTok", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        String token = ready.credentials().accessToken();
        Optional<String> checkpoint = checkpoints.find(request.destinationId());
        if (checkpoint.filter(PhotoPost.INIT_SENT::equals).isPresent()) {
            return PhotoPost.unknownInit();
        }
        Optional<PhotoPost> photos = checkpoint.flatMap(PhotoPost::parse);
        if (photos.isPresent()) {
            return status(account, request, photos.get().publishId(), token);
        }
        Optional<TikTokUpload> saved = checkpoint.flatMap(TikTokUpload::parse);
        if (saved.isPresent()) {
            return resume(account, request, saved.get(), token);
        }
        if (request.content().mediaIds().isEmpty()) {
            return PublishOutcome.failed("media_invalid", "A TikTok post needs one video or up to 35 photos.");
        }
        String privacy = request.options().get("privacy_level");
        if (privacy == null || privacy.isBlank()) {
            return PublishOutcome.failed(
                    "content_rejected",
                    "TikTok needs the creator's choice of audience: set platform_options.tiktok.privacy_level.");
        }
        // The creator's settings first (TikTok asks apps to read them before every post): they refuse without a file.
        PlatformHttp.Answer creator = call("/v2/post/publish/creator_info/query/", token, PlatformHttp.object());
        if (!TikTokErrors.ok(creator)) {
            return TikTokErrors.outcome(creator);
        }
        JsonNode info = creator.body().path("data");
        PublishOutcome refused = privacyRefusal(info, privacy);
        if (refused != null) {
            return refused;
        }
        List<MediaFile> files;
        try {
            files = media.describe(request.workspaceId(), request.content().mediaIds());
        } catch (MediaFiles.Unavailable e) {
            return e.outcome();
        }
        if (files.stream().noneMatch(MediaFile::isVideo)) {
            return photos(account, request, files, info, privacy, token);
        }
        if (files.size() != 1) {
            return PublishOutcome.failed(
                    "media_invalid", "A TikTok post is one video or up to 35 photos, not a video with other files.");
        }
        MediaFile file = files.get(0);
        refused = durationRefusal(info, file);
        if (refused != null) {
            return refused;
        }
        long chunkSize = TikTokUpload.chunkSizeFor(file.sizeBytes());
        ObjectNode body = PlatformHttp.object();
        body.set("post_info", postInfo(request, info, privacy));
        body.putObject("source_info")
                .put("source", "FILE_UPLOAD")
                .put("video_size", file.sizeBytes())
                .put("chunk_size", chunkSize)
                .put("total_chunk_count", TikTokUpload.chunkCount(file.sizeBytes(), chunkSize));
        PlatformHttp.Answer init = call("/v2/post/publish/video/init/", token, body);
        if (!TikTokErrors.ok(init)) {
            return TikTokErrors.outcome(init);
        }
        TikTokUpload upload = new TikTokUpload(
                init.body().path("data").path("publish_id").asText(),
                URI.create(init.body().path("data").path("upload_url").asText()),
                file.sizeBytes(),
                chunkSize,
                file.mimeType());
        checkpoints.save(request.destinationId(), upload.toString());
        PublishOutcome sent = send(request, file.id(), upload, 0);
        return sent != null ? sent : status(account, request, upload.publishId(), token);
    }

    /**
     * A photo post ({@code content/init} with {@code media_type: PHOTO}): TikTok takes photos only by pulling them
     * from {@code photo_images} URLs — media-service's signed public URLs. Unlike a video upload, the init itself
     * makes the post, so it is marked on the ledger before it is sent: an init whose answer was lost cannot be asked
     * about (TikTok has no lookup without the publish id) and ends {@code unknown_outcome} rather than risk a second
     * post.
     */
    private PublishOutcome photos(
            Account account,
            PublishRequest request,
            List<MediaFile> files,
            JsonNode creator,
            String privacy,
            String token) {
        PublishOutcome refused = PhotoPost.refusal(request, files);
        if (refused != null) {
            return refused;
        }
        ObjectNode body = PlatformHttp.object().put("media_type", "PHOTO").put("post_mode", "DIRECT_POST");
        body.set("post_info", PhotoPost.postInfo(request, creator, privacy));
        ObjectNode source = body.putObject("source_info")
                .put("source", "PULL_FROM_URL")
                .put("photo_cover_index", PhotoPost.coverIndex(request));
        var urls = source.putArray("photo_images");
        try {
            files.forEach(file ->
                    urls.add(media.publicUrl(request.workspaceId(), file.id()).toString()));
        } catch (MediaFiles.Unavailable e) {
            return e.outcome();
        }
        checkpoints.save(request.destinationId(), PhotoPost.INIT_SENT);
        PlatformHttp.Answer init;
        try {
            init = http.postJson(
                    URI.create(api + "/v2/post/publish/content/init/"),
                    Map.of("Authorization", "Bearer " + token),
                    body);
        } catch (PlatformHttp.NotSent e) {
            checkpoints.save(request.destinationId(), null);
            return PublishOutcome.retryable("platform_unreachable", e.getMessage(), null);
        }
        if (!TikTokErrors.ok(init)) {
            // TikTok answered: no post was made, so the next attempt may init again.
            checkpoints.save(request.destinationId(), null);
            return TikTokErrors.outcome(init);
        }
        String publishId = init.body().path("data").path("publish_id").asText();
        checkpoints.save(request.destinationId(), new PhotoPost(publishId).toString());
        return status(account, request, publishId, token);
    }

    /** A publish begun by an earlier attempt: what TikTok holds decides between sending the rest and asking again. */
    private PublishOutcome resume(Account account, PublishRequest request, TikTokUpload upload, String token) {
        PlatformHttp.Answer answer = fetchStatus(upload.publishId(), token);
        if (!TikTokErrors.ok(answer)) {
            return TikTokErrors.outcome(answer);
        }
        JsonNode data = answer.body().path("data");
        long chunk = upload.nextChunk(data.path("uploaded_bytes").asLong(0));
        if ("PROCESSING_UPLOAD".equals(data.path("status").asText()) && chunk < upload.chunkCount()) {
            PublishOutcome sent = send(request, request.content().mediaIds().get(0), upload, chunk);
            if (sent != null) {
                return sent;
            }
        }
        return status(account, request, upload.publishId(), token);
    }

    /**
     * Sends the chunks from {@code firstChunk} on, in order, each answered 206 (more expected) or 201 (complete).
     *
     * @return null when every chunk arrived, else why not
     */
    private PublishOutcome send(PublishRequest request, String mediaId, TikTokUpload upload, long firstChunk) {
        for (long chunk = firstChunk; chunk < upload.chunkCount(); chunk++) {
            long first = upload.firstByte(chunk);
            long last = upload.lastByte(chunk);
            StreamedPut.Result sent = uploads.put(
                    request.workspaceId(),
                    mediaId,
                    upload.uploadUrl(),
                    Map.of("Content-Range", "bytes " + first + "-" + last + "/" + upload.size()),
                    upload.mimeType(),
                    first,
                    last - first + 1);
            if (sent.failure() != null) {
                return sent.failure();
            }
            PlatformHttp.Answer answer = sent.answer();
            if (answer.status() != 206 && answer.status() != 201 && answer.status() != 200) {
                return TikTokErrors.outcome(answer);
            }
        }
        return null;
    }

    /** Where the publish stands: live, failed for good, or still being processed (asked again later). */
    private PublishOutcome status(Account account, PublishRequest request, String publishId, String token) {
        PlatformHttp.Answer answer = fetchStatus(publishId, token);
        if (!TikTokErrors.ok(answer)) {
            return TikTokErrors.outcome(answer);
        }
        JsonNode data = answer.body().path("data");
        return switch (data.path("status").asText()) {
            case "PUBLISH_COMPLETE" -> published(account, publishId, data);
            case "FAILED" -> {
                // Nothing was posted: a retry may start a new publish.
                checkpoints.save(request.destinationId(), null);
                yield TikTokErrors.failed(data.path("fail_reason").asText("unknown"));
            }
            default ->
                PublishOutcome.deferred(
                        "media_processing",
                        "TikTok is processing the post (" + data.path("status").asText() + "); asked again in "
                                + PROCESSING_WAIT.toSeconds() + " s.",
                        PROCESSING_WAIT);
        };
    }

    /**
     * The post's id once moderation made it public ({@code publicaly_available_post_id}, sic); a post only its creator
     * sees has none, so the publish id stands for it and the link goes to the profile.
     */
    private static PublishOutcome published(Account account, String publishId, JsonNode data) {
        JsonNode ids = data.path("publicaly_available_post_id");
        String profile = "https://www.tiktok.com/@" + account.handle();
        if (ids.isArray() && !ids.isEmpty()) {
            String id = ids.get(0).asText();
            return PublishOutcome.published(id, profile + "/video/" + id, Instant.now());
        }
        return PublishOutcome.published(publishId, profile, Instant.now());
    }

    /**
     * Answerable unless a photo post's init was sent and its answer lost: without a publish id nothing else can have
     * gone live (no byte was sent); with one, its status says.
     */
    @Override
    public boolean canLookUp(PublishRequest request) {
        return checkpoints
                .find(request.destinationId())
                .filter(PhotoPost.INIT_SENT::equals)
                .isEmpty();
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        Optional<String> checkpoint = checkpoints.find(request.destinationId());
        Optional<String> publishId = checkpoint
                .flatMap(PhotoPost::parse)
                .map(PhotoPost::publishId)
                .or(() -> checkpoint.flatMap(TikTokUpload::parse).map(TikTokUpload::publishId));
        if (publishId.isEmpty()) {
            return Optional.empty();
        }
        PlatformHttp.Answer answer =
                fetchStatus(publishId.get(), tokens.forCall(account).accessToken());
        JsonNode data = answer.body().path("data");
        if (TikTokErrors.ok(answer)
                && "PUBLISH_COMPLETE".equals(data.path("status").asText())) {
            return Optional.of(published(account, publishId.get(), data));
        }
        // Still uploading or processing, or failed: publishing again resumes or asks again, never inits twice.
        return Optional.empty();
    }

    private PlatformHttp.Answer fetchStatus(String publishId, String token) {
        return call(
                "/v2/post/publish/status/fetch/", token, PlatformHttp.object().put("publish_id", publishId));
    }

    private PlatformHttp.Answer call(String path, String token, JsonNode body) {
        try {
            return http.postJson(URI.create(api + path), Map.of("Authorization", "Bearer " + token), body);
        } catch (PlatformHttp.NotSent e) {
            throw new IllegalStateException("TikTok could not be reached: " + e.getMessage(), e);
        }
    }

    /** A privacy level {@code creator_info} does not offer this creator. */
    static PublishOutcome privacyRefusal(JsonNode creator, String privacy) {
        List<String> allowed = new ArrayList<>();
        creator.path("privacy_level_options").forEach(option -> allowed.add(option.asText()));
        if (allowed.contains(privacy)) {
            return null;
        }
        return PublishOutcome.failed(
                "content_rejected",
                "TikTok lets this creator post as " + String.join(", ", allowed) + "; not " + privacy + ".");
    }

    /** A video longer than {@code creator_info}'s {@code max_video_post_duration_sec}. */
    static PublishOutcome durationRefusal(JsonNode creator, MediaFile file) {
        long maxSeconds = creator.path("max_video_post_duration_sec").asLong(Long.MAX_VALUE / 1000);
        if (file.durationMs() == null || file.durationMs() <= maxSeconds * 1000) {
            return null;
        }
        return PublishOutcome.failed(
                "media_invalid",
                "This creator may post videos of up to " + maxSeconds + " s on TikTok; this one is "
                        + file.durationMs() / 1000 + " s.");
    }

    /**
     * {@code post_info}: the caption (with the link) as title; an interaction the creator turned off in the app stays
     * off whatever the options say, as TikTok's guidelines require.
     */
    static ObjectNode postInfo(PublishRequest request, JsonNode creator, String privacy) {
        Map<String, String> options = request.options();
        return PlatformHttp.object()
                .put("title", PostText.withLink(request))
                .put("privacy_level", privacy)
                .put(
                        "disable_comment",
                        creator.path("comment_disabled").asBoolean()
                                || Boolean.parseBoolean(options.get("disable_comment")))
                .put(
                        "disable_duet",
                        creator.path("duet_disabled").asBoolean() || Boolean.parseBoolean(options.get("disable_duet")))
                .put(
                        "disable_stitch",
                        creator.path("stitch_disabled").asBoolean()
                                || Boolean.parseBoolean(options.get("disable_stitch")));
    }
}
