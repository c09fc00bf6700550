package dev.herald.publisher.connector.linkedin;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
import dev.herald.publisher.connector.UploadedMedia;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.youtube.StreamedPut;
import dev.herald.publisher.media.ImagesOnly;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * Publishing a member's or an organization's post with LinkedIn's Posts API
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api): every call carries the
 * pinned {@code LinkedIn-Version} and {@code X-Restli-Protocol-Version: 2.0.0}; a created post answers 201 with an
 * empty body and its URN in {@code x-restli-id}. LinkedIn has no idempotency key, and reading a member's posts back
 * needs a restricted permission, so an unknown outcome is not retried: it fails {@code unknown_outcome} (at most
 * once, as RELIABILITY.md asks).
 */
@ApplicationScoped
public class LinkedInConnector implements PlatformConnector {

    /**
     * The Posts API version (YYYYMM). LinkedIn sunsets versions about a year after release and then answers 426:
     * move this forward with the connector's tests.
     */
    static final String API_VERSION = "202511";
    /** An organization account's external id starts so; a member account's is the member id alone. */
    static final String ORGANIZATION_URN = "urn:li:organization:";

    private final TokenService tokens;
    private final PlatformHttp http;
    private final String apiBaseUrl;
    private final MediaFiles media;
    private final LinkedInVideo video;
    private final Checkpoints checkpoints;
    private final LinkedInMetrics metrics;

    /** A multi-image post holds 2 to 20 images. */
    static final int MAX_IMAGES = 20;
    /** How long LinkedIn usually takes to process an image before it is asked again. */
    static final Duration IMAGE_WAIT = Duration.ofSeconds(5);
    /** The checkpoint of a post's uploaded images: their URNs, in the post's order. */
    private static final String IMAGES = "images ";

    public LinkedInConnector(TokenService tokens, PublisherConfig config, MediaFiles media, Checkpoints checkpoints) {
        this.tokens = tokens;
        this.media = media;
        this.checkpoints = checkpoints;
        this.http = new PlatformHttp(config.platformTimeout());
        PublisherConfig.App app = config.apps().get("linkedin");
        this.apiBaseUrl =
                app == null ? LinkedInConnectFlow.API_URL : app.apiBaseUrl().orElse(LinkedInConnectFlow.API_URL);
        this.video = new LinkedInVideo(checkpoints, http, new StreamedPut(media, config.platformTimeout()), apiBaseUrl);
        this.metrics = new LinkedInMetrics(tokens, http, apiBaseUrl);
    }

    @Override
    public MetricsOutcome metrics(Account account, MetricsRequest request) {
        return metrics.fetch(account, request);
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String platform() {
        return "linkedin";
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "LinkedIn", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        String token = ready.credentials().accessToken();
        Images images = images(token, account, request);
        if (images.outcome() != null) {
            return images.outcome();
        }
        // With images the post has no article: the link goes into the commentary instead.
        String commentary = images.content() == null
                ? (request.caption() == null ? "" : request.caption())
                : PostText.withLink(request);
        ObjectNode body = PlatformHttp.object()
                .put("author", author(account))
                .put("commentary", littleText(commentary))
                .put("visibility", request.options().getOrDefault("visibility", "PUBLIC"))
                .put("lifecycleState", "PUBLISHED")
                .put("isReshareDisabledByAuthor", false);
        ObjectNode distribution = body.putObject("distribution").put("feedDistribution", "MAIN_FEED");
        distribution.putArray("targetEntities");
        distribution.putArray("thirdPartyDistributionChannels");
        if (images.content() != null) {
            body.set("content", images.content());
        } else if (request.content().link() != null) {
            body.putObject("content")
                    .putObject("article")
                    .put("source", request.content().link())
                    .put(
                            "title",
                            request.options()
                                    .getOrDefault(
                                            "link_title", request.content().link()));
        }
        PlatformHttp.Answer answer;
        try {
            answer = http.postJson(URI.create(apiBaseUrl + "/rest/posts"), headers(token), body);
        } catch (PlatformHttp.NotSent e) {
            return PublishOutcome.retryable("platform_unreachable", e.getMessage(), null);
        }
        Optional<String> urn = answer.header("x-restli-id");
        if (answer.status() == 201 && urn.isPresent()) {
            return PublishOutcome.published(
                    urn.get(), "https://www.linkedin.com/feed/update/" + urn.get() + "/", Instant.now());
        }
        return outcome(answer, Instant.now());
    }

    /** Who posts: the organization of an organization account, else the member. */
    static String author(Account account) {
        return account.externalId().startsWith(ORGANIZATION_URN)
                ? account.externalId()
                : "urn:li:person:" + account.externalId();
    }

    static Map<String, String> headers(String token) {
        return Map.of(
                "Authorization",
                "Bearer " + token,
                "LinkedIn-Version",
                API_VERSION,
                "X-Restli-Protocol-Version",
                "2.0.0");
    }

    /** The post's {@code content} for its images (null without media), or the outcome that ends the attempt. */
    private record Images(ObjectNode content, PublishOutcome outcome) {}

    /**
     * Each file through the Images API
     * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api):
     * {@code initializeUpload} for the author, the bytes {@code PUT} to the upload URL it gives (each image's URN
     * checkpointed once uploaded, so no later attempt uploads it again), then each image read once: {@code AVAILABLE},
     * or the attempt is deferred while LinkedIn processes it (no worker waits); one image is {@code content.media}, several {@code content.multiImage}; one video goes
     * through {@link LinkedInVideo} and is {@code content.media} with its URN
     * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api). Uploaded
     * images no post uses are LinkedIn's to discard.
     */
    private Images images(String token, Account account, PublishRequest request) {
        if (request.content().mediaIds().isEmpty()) {
            return new Images(null, null);
        }
        try {
            List<MediaFile> files =
                    media.describe(request.workspaceId(), request.content().mediaIds());
            if (files.size() == 1 && files.get(0).isVideo()) {
                UploadedMedia uploaded = video.upload(account, request, files.get(0), headers(token));
                if (uploaded.outcome() != null) {
                    return new Images(null, uploaded.outcome());
                }
                ObjectNode content = PlatformHttp.object();
                ObjectNode clip = content.putObject("media").put("id", uploaded.id());
                String title = request.options().get("video_title");
                if (title != null && !title.isBlank()) {
                    clip.put("title", title);
                }
                return new Images(content, null);
            }
            if (files.stream().anyMatch(MediaFile::isVideo)) {
                return new Images(
                        null,
                        PublishOutcome.failed("media_invalid", "A LinkedIn post has one video or up to 20 images."));
            }
            PublishOutcome refused = ImagesOnly.refusal(files, "LinkedIn", "its Videos API", MAX_IMAGES);
            if (refused != null) {
                return new Images(null, refused);
            }
            List<String> urns = new ArrayList<>(checkpoints
                    .find(request.destinationId())
                    .filter(c -> c.startsWith(IMAGES))
                    .map(c -> List.of(c.substring(IMAGES.length()).split(" ")))
                    .orElse(List.of()));
            for (MediaFile file : files.subList(Math.min(urns.size(), files.size()), files.size())) {
                ObjectNode init = PlatformHttp.object();
                init.putObject("initializeUploadRequest").put("owner", author(account));
                PlatformHttp.Answer started = http.postJson(
                        URI.create(apiBaseUrl + "/rest/images?action=initializeUpload"), headers(token), init);
                String uploadUrl =
                        started.body().path("value").path("uploadUrl").asText(null);
                String image = started.body().path("value").path("image").asText(null);
                if (!started.ok() || uploadUrl == null || image == null) {
                    return new Images(null, outcome(started, Instant.now()));
                }
                PlatformHttp.Answer put = http.put(
                        URI.create(uploadUrl),
                        Map.of("Authorization", "Bearer " + token),
                        "application/octet-stream",
                        HttpRequest.BodyPublishers.ofByteArray(media.bytes(request.workspaceId(), file)));
                if (!put.ok()) {
                    return new Images(null, outcome(put, Instant.now()));
                }
                // Uploaded: a later attempt goes on from here rather than uploading it again.
                urns.add(image);
                checkpoints.save(request.destinationId(), IMAGES + String.join(" ", urns));
            }
            ArrayNode uploaded = PlatformHttp.object().putArray("images");
            for (int i = 0; i < files.size(); i++) {
                PublishOutcome notReady = availability(token, request, urns.get(i));
                if (notReady != null) {
                    return new Images(null, notReady);
                }
                ObjectNode entry = uploaded.addObject().put("id", urns.get(i));
                if (files.get(i).altText() != null) {
                    entry.put("altText", files.get(i).altText());
                }
            }
            ObjectNode content = PlatformHttp.object();
            if (uploaded.size() == 1) {
                content.set("media", uploaded.get(0));
            } else {
                content.putObject("multiImage").set("images", uploaded);
            }
            return new Images(content, null);
        } catch (MediaFiles.Unavailable e) {
            return new Images(null, e.outcome());
        } catch (PlatformHttp.NotSent e) {
            return new Images(null, PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
    }

    /**
     * Null when the image is {@code AVAILABLE}; while LinkedIn still processes it the attempt is deferred (its URN is
     * on the ledger, so the next one only asks again); a failed image is dropped from the ledger and fails the post.
     */
    private PublishOutcome availability(String token, PublishRequest request, String image)
            throws PlatformHttp.NotSent {
        PlatformHttp.Answer answer = http.get(
                URI.create(apiBaseUrl + "/rest/images/" + URLEncoder.encode(image, StandardCharsets.UTF_8)),
                headers(token));
        if (!answer.ok()) {
            return outcome(answer, Instant.now());
        }
        String status = answer.body().path("status").asText("");
        if ("AVAILABLE".equals(status)) {
            return null;
        }
        if ("PROCESSING_FAILED".equals(status)) {
            checkpoints.save(request.destinationId(), null);
            return PublishOutcome.failed("media_invalid", "LinkedIn could not process image " + image);
        }
        return PublishOutcome.deferred(
                "media_processing",
                "LinkedIn is processing image " + image + " (" + status + "); asked again in " + IMAGE_WAIT.toSeconds()
                        + " s.",
                IMAGE_WAIT);
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        return Optional.empty(); // never asked: canLookUp is false
    }

    /**
     * LinkedIn's errors ({@code {status, serviceErrorCode, code, message}},
     * https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling) in Herald's categories. Its
     * 429s carry no reset: the quotas are daily (UTC), so the retry waits for the next UTC day.
     */
    static PublishOutcome outcome(PlatformHttp.Answer answer, Instant now) {
        String message = "LinkedIn answered " + answer.status() + ": "
                + answer.body()
                        .path("message")
                        .asText(answer.body().path("code").asText("no details"));
        int status = answer.status();
        if (status == 401) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if (status == 426) {
            return PublishOutcome.failed(
                    "platform_error",
                    message + " (the pinned LinkedIn-Version " + API_VERSION + " is no longer active)");
        }
        if (status == 429) {
            Instant tomorrow = LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .plusDays(1)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
            return PublishOutcome.retryable(PublishOutcome.RATE_LIMITED, message, Duration.between(now, tomorrow));
        }
        if (status >= 500) {
            return PublishOutcome.retryable("platform_error", message, null);
        }
        return PublishOutcome.failed("content_rejected", message);
    }

    /**
     * LinkedIn's "little text" format gives {@code | { } @ [ ] ( ) < > # \ * _ ~} a meaning: escaped, they are
     * posted as typed (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format).
     */
    static String littleText(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            if ("|{}@[]()<>#\\*_~".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
