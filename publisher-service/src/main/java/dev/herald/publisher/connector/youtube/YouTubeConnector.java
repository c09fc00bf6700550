package dev.herald.publisher.connector.youtube;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

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
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * Uploads a post's one video to the channel with {@code videos.insert} over Google's resumable upload protocol
 * (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol): {@code POST
 * /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status} with the video resource (title, description,
 * tags, category, privacy, made for kids, and the {@code publish_at} option as {@code status.publishAt} of a private
 * video) and {@code X-Upload-Content-Length/Type} opens an upload session whose URI
 * comes back in {@code Location}; the bytes go in one {@code PUT} to it with {@code Content-Range}, streamed from
 * media-service; {@code 200}/{@code 201} answers the video resource. The session URI is committed on the ledger entry
 * before any byte is sent, so every later attempt — after a crash, a timeout, a 5xx, or a lost answer — first asks the
 * session how far it got ({@code PUT} with {@code Content-Range: bytes *}{@code /N}): {@code 308} with {@code Range}
 * resumes from the next byte; {@code 200}/{@code 201} is the video the lost attempt created. One session makes at
 * most one video, so a retry never uploads a second one.
 */
@ApplicationScoped
public class YouTubeConnector implements PlatformConnector {

    static final String API_VERSION = "v3";
    static final String DEFAULT_PRIVACY = "public";
    static final Set<String> PRIVACY = Set.of("public", "unlisted", "private");
    /** People & Blogs, YouTube's own default on its upload page. */
    static final String DEFAULT_CATEGORY = "22";

    static final int MAX_TITLE = 100;
    /** The option scheduling the video's going public at YouTube itself. */
    static final String PUBLISH_AT = "publish_at";
    /** Interrupted uploads resumed within one attempt (YouTube keeps the part it got; the next PUT sends the rest). */
    private static final int MAX_ROUNDS = 5;

    private final TokenService tokens;
    private final Checkpoints checkpoints;
    private final MediaFiles media;
    private final PlatformHttp http;
    private final StreamedPut uploads;
    private final String api;
    private final YouTubeMetrics metrics;

    public YouTubeConnector(TokenService tokens, Checkpoints checkpoints, MediaFiles media, PublisherConfig config) {
        this.tokens = tokens;
        this.checkpoints = checkpoints;
        this.media = media;
        this.http = new PlatformHttp(config.platformTimeout());
        this.uploads = new StreamedPut(media, config.platformTimeout());
        PublisherConfig.App app = config.apps().get(YouTubeConnectFlow.PLATFORM);
        this.api = app == null ? YouTubeConnectFlow.API_URL : app.apiBaseUrl().orElse(YouTubeConnectFlow.API_URL);
        this.metrics = new YouTubeMetrics(tokens, http, api);
    }

    @Override
    public MetricsOutcome metrics(Account account, MetricsRequest request) {
        return metrics.fetch(account, request);
    }

    @Override
    public String platform() {
        return YouTubeConnectFlow.PLATFORM;
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "YouTube", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        String token = ready.credentials().accessToken();
        if (request.content().mediaIds().size() != 1) {
            return PublishOutcome.failed(
                    "media_invalid",
                    "A YouTube post needs exactly one video; this post has "
                            + request.content().mediaIds().size() + " files.");
        }
        PublishOutcome badOption = refusedOption(request);
        if (badOption != null) {
            return badOption;
        }
        MediaFile file;
        try {
            file = media.describe(
                    request.workspaceId(), request.content().mediaIds().get(0));
        } catch (MediaFiles.Unavailable e) {
            return e.outcome();
        }
        if (!file.isVideo()) {
            return PublishOutcome.failed(
                    "media_invalid", "YouTube takes videos only; " + file.id() + " is " + file.mimeType() + ".");
        }
        Optional<Session> saved = checkpoints.find(request.destinationId()).flatMap(Session::parse);
        long from = 0;
        Session session;
        if (saved.isPresent()) {
            session = saved.get();
            PlatformHttp.Answer status = query(session, token);
            if (isVideo(status)) {
                return published(status);
            }
            if (status.status() == 308) {
                from = nextByte(status);
            } else if (status.status() == 404 || status.status() == 410) {
                // The session expired (a week) without a video: a new one cannot make a second video.
                checkpoints.save(request.destinationId(), null);
                return PublishOutcome.retryable(
                        "platform_error",
                        "The YouTube upload session expired before it finished; starting over.",
                        null);
            } else {
                return YouTubeErrors.outcome(status, Instant.now());
            }
        } else {
            PlatformHttp.Answer opened;
            try {
                opened = http.postJson(
                        URI.create(api + "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status"),
                        Map.of(
                                "Authorization", "Bearer " + token,
                                "X-Upload-Content-Length", Long.toString(file.sizeBytes()),
                                "X-Upload-Content-Type", file.mimeType()),
                        resource(request));
            } catch (PlatformHttp.NotSent e) {
                return PublishOutcome.retryable("platform_unreachable", e.getMessage(), null);
            }
            Optional<String> location = opened.header("Location");
            if (opened.status() != 200 || location.isEmpty()) {
                return YouTubeErrors.outcome(opened, Instant.now());
            }
            session = new Session(URI.create(location.get()), file.sizeBytes());
            checkpoints.save(request.destinationId(), session.toString());
        }
        return upload(request, file, session, from, token);
    }

    /** Sends the bytes from {@code from} on, resuming where YouTube says it stopped when a PUT ends short. */
    private PublishOutcome upload(PublishRequest request, MediaFile file, Session session, long from, String token) {
        long next = from;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            StreamedPut.Result sent = uploads.put(
                    request.workspaceId(),
                    file.id(),
                    session.uri(),
                    Map.of(
                            "Authorization",
                            "Bearer " + token,
                            "Content-Range",
                            "bytes " + next + "-" + (session.total() - 1) + "/" + session.total()),
                    file.mimeType(),
                    next,
                    session.total() - next);
            if (sent.failure() != null) {
                return sent.failure();
            }
            PlatformHttp.Answer answer = sent.answer();
            if (isVideo(answer)) {
                return published(answer);
            }
            if (answer.status() != 308) {
                if (answer.status() == 404 || answer.status() == 410) {
                    checkpoints.save(request.destinationId(), null);
                }
                return YouTubeErrors.outcome(answer, Instant.now());
            }
            next = nextByte(answer);
        }
        return PublishOutcome.retryable(
                "platform_error",
                "YouTube kept the upload incomplete after " + MAX_ROUNDS + " tries; resuming on the next attempt.",
                null);
    }

    /** Always answerable: without a session no video can exist; with one, the session says. */
    @Override
    public boolean canLookUp(PublishRequest request) {
        return true;
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        Optional<Session> session = checkpoints.find(request.destinationId()).flatMap(Session::parse);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        PlatformHttp.Answer status =
                query(session.get(), tokens.forCall(account).accessToken());
        if (isVideo(status)) {
            return Optional.of(published(status));
        }
        // 308: not all bytes arrived, so there is no video yet; publishing again resumes this very session.
        return Optional.empty();
    }

    /** Asks the session how much it holds: an empty PUT with {@code Content-Range: bytes *}{@code /N}. */
    private PlatformHttp.Answer query(Session session, String token) {
        try {
            return http.put(
                    session.uri(),
                    Map.of("Authorization", "Bearer " + token, "Content-Range", "bytes */" + session.total()),
                    "application/octet-stream",
                    HttpRequest.BodyPublishers.noBody());
        } catch (PlatformHttp.NotSent e) {
            throw new IllegalStateException("YouTube could not be reached to resume an upload: " + e.getMessage(), e);
        }
    }

    private static boolean isVideo(PlatformHttp.Answer answer) {
        return (answer.status() == 200 || answer.status() == 201)
                && answer.body().path("id").isTextual();
    }

    private static PublishOutcome published(PlatformHttp.Answer answer) {
        String id = answer.body().get("id").asText();
        return PublishOutcome.published(id, "https://www.youtube.com/watch?v=" + id, Instant.now());
    }

    /** The first byte YouTube has not got, from a 308's {@code Range: bytes=0-N} (none: nothing arrived). */
    static long nextByte(PlatformHttp.Answer incomplete) {
        return incomplete
                .header("Range")
                .map(range -> Long.parseLong(
                                range.substring(range.lastIndexOf('-') + 1).trim())
                        + 1)
                .orElse(0L);
    }

    /** The video resource's {@code snippet} and {@code status} (https://developers.google.com/youtube/v3/docs/videos). */
    static ObjectNode resource(PublishRequest request) {
        Map<String, String> options = request.options();
        ObjectNode video = PlatformHttp.object();
        ObjectNode snippet = video.putObject("snippet")
                .put("title", title(request))
                .put("description", PostText.withLink(request))
                .put("categoryId", options.getOrDefault("category", DEFAULT_CATEGORY));
        String tags = options.get("tags");
        if (tags != null && !tags.isBlank()) {
            var list = snippet.putArray("tags");
            Arrays.stream(tags.split(","))
                    .map(String::trim)
                    .filter(tag -> !tag.isEmpty())
                    .forEach(list::add);
        }
        ObjectNode status = video.putObject("status")
                .put("privacyStatus", options.getOrDefault("privacy", DEFAULT_PRIVACY))
                .put("selfDeclaredMadeForKids", Boolean.parseBoolean(options.getOrDefault("made_for_kids", "false")));
        publishAt(request, Instant.now())
                .ifPresent(at -> status.put("privacyStatus", "private")
                        .put("publishAt", DateTimeFormatter.ISO_INSTANT.format(at)));
        return video;
    }

    /**
     * The {@code publish_at} option while it is still ahead: YouTube keeps the video private and makes it public then
     * ({@code status.publishAt}, only with {@code privacyStatus: private}). Once passed — the post itself went out
     * later than that — the video goes up as it would have by then, without {@code publishAt}, which YouTube refuses
     * in the past.
     */
    static Optional<Instant> publishAt(PublishRequest request, Instant now) {
        String value = request.options().get(PUBLISH_AT);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Instant at = OffsetDateTime.parse(value).toInstant();
        return at.isAfter(now) ? Optional.of(at) : Optional.empty();
    }

    /** The {@code title} option, else the caption's first line, at most 100 characters. */
    static String title(PublishRequest request) {
        String title = request.options().get("title");
        if (title == null || title.isBlank()) {
            String caption = request.caption() == null ? "" : request.caption().strip();
            title = caption.lines().findFirst().orElse("");
        }
        title = title.strip();
        return title.codePointCount(0, title.length()) <= MAX_TITLE
                ? title
                : title.substring(0, title.offsetByCodePoints(0, MAX_TITLE));
    }

    private static PublishOutcome refusedOption(PublishRequest request) {
        String privacy = request.options().get("privacy");
        if (privacy != null && !PRIVACY.contains(privacy)) {
            return PublishOutcome.failed(
                    "content_rejected",
                    "The YouTube privacy option is one of public, unlisted, private; not '" + privacy + "'.");
        }
        if (title(request).isEmpty()) {
            return PublishOutcome.failed(
                    "content_rejected",
                    "A YouTube video needs a title: set platform_options.youtube.title or write a caption.");
        }
        String publishAt = request.options().get(PUBLISH_AT);
        if (publishAt != null && !publishAt.isBlank()) {
            try {
                OffsetDateTime.parse(publishAt);
            } catch (DateTimeParseException e) {
                return PublishOutcome.failed(
                        "content_rejected",
                        "The YouTube publish_at option is an ISO-8601 date-time with an offset, not '" + publishAt
                                + "'.");
            }
            if (privacy != null && !"private".equals(privacy)) {
                return PublishOutcome.failed(
                        "content_rejected",
                        "A YouTube video with publish_at stays private until then; privacy cannot be " + privacy + ".");
            }
        }
        String kids = request.options().get("made_for_kids");
        if (kids != null && !List.of("true", "false").contains(kids)) {
            return PublishOutcome.failed(
                    "content_rejected", "The YouTube made_for_kids option is true or false, not '" + kids + "'.");
        }
        return null;
    }

    /** An open upload session as checkpointed on the ledger: its URI and the file's size. */
    record Session(URI uri, long total) {

        static Optional<Session> parse(String checkpoint) {
            int space = checkpoint == null ? -1 : checkpoint.indexOf(' ');
            if (space < 0) {
                return Optional.empty();
            }
            return Optional.of(new Session(
                    URI.create(checkpoint.substring(space + 1)), Long.parseLong(checkpoint.substring(0, space))));
        }

        @Override
        public String toString() {
            return total + " " + uri;
        }
    }
}
