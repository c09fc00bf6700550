package dev.herald.publisher.connector.pinterest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.UploadedMedia;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.media.ImagesOnly;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * Pins (https://developers.pinterest.com/docs/api/v5/pins-create): {@code POST /v5/pins} on the board named by the
 * {@code board_id} option, the caption as description, the post's link, a {@code title} option, and the image(s)
 * as {@code image_url} (one) or {@code multiple_image_urls} (2 to 5, a carousel) — signed public URLs Pinterest fetches
 * from media-service; or one video, uploaded first ({@link PinterestVideo}) and pinned as {@code video_id}.
 * Pinterest has no idempotency key and no read-back Herald could trust to match a Pin to a
 * request, so an unknown outcome fails {@code unknown_outcome} rather than risk a second Pin (at most once).
 */
@ApplicationScoped
public class PinterestConnector implements PlatformConnector {

    static final String API_VERSION = "v5";
    static final int MAX_CAROUSEL = 5;

    private final TokenService tokens;
    private final PlatformHttp http;
    private final MediaFiles media;
    private final String api;
    private final PinterestMetrics metrics;
    private final PinterestVideo video;

    public PinterestConnector(TokenService tokens, PublisherConfig config, MediaFiles media, Checkpoints checkpoints) {
        this.tokens = tokens;
        this.media = media;
        this.http = new PlatformHttp(config.platformTimeout());
        PublisherConfig.App app = config.apps().get("pinterest");
        this.api = app == null ? PinterestConnectFlow.API_URL : app.apiBaseUrl().orElse(PinterestConnectFlow.API_URL);
        this.metrics = new PinterestMetrics(tokens, http, api);
        this.video = new PinterestVideo(checkpoints, media, http, api, config.platformTimeout());
    }

    @Override
    public MetricsOutcome metrics(Account account, MetricsRequest request) {
        return metrics.fetch(account, request);
    }

    @Override
    public String platform() {
        return "pinterest";
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "Pinterest", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        String board = request.options().get("board_id");
        if (board == null || board.isBlank()) {
            return PublishOutcome.failed(
                    "content_rejected", "A Pin needs a board: set platform_options.pinterest.board_id.");
        }
        ObjectNode body = PlatformHttp.object().put("board_id", board);
        String token = ready.credentials().accessToken();
        try {
            List<MediaFile> files =
                    media.describe(request.workspaceId(), request.content().mediaIds());
            if (files.size() == 1 && files.get(0).isVideo()) {
                UploadedMedia uploaded = video.upload(request, files.get(0), token);
                if (uploaded.outcome() != null) {
                    return uploaded.outcome();
                }
                body.set("media_source", PinterestVideo.source(request, uploaded.id()));
            } else if (files.stream().anyMatch(MediaFile::isVideo)) {
                return PublishOutcome.failed("media_invalid", "A Pin has one video or 1 to 5 images, not both.");
            } else {
                PublishOutcome refused = check(files);
                if (refused != null) {
                    return refused;
                }
                body.set("media_source", source(request, files));
            }
            if (files.get(0).altText() != null) {
                body.put("alt_text", cut(files.get(0).altText(), 500));
            }
        } catch (MediaFiles.Unavailable e) {
            return e.outcome();
        }
        if (request.caption() != null) {
            body.put("description", cut(request.caption(), 800));
        }
        if (request.options().get("title") != null) {
            body.put("title", cut(request.options().get("title"), 100));
        }
        if (request.content().link() != null) {
            body.put("link", request.content().link());
        }
        PlatformHttp.Answer answer;
        try {
            answer = http.postJson(URI.create(api + "/v5/pins"), Map.of("Authorization", "Bearer " + token), body);
        } catch (PlatformHttp.NotSent e) {
            return PublishOutcome.retryable("platform_unreachable", e.getMessage(), null);
        }
        if ((answer.status() == 201 || answer.status() == 200) && answer.body().hasNonNull("id")) {
            String id = answer.body().get("id").asText();
            return PublishOutcome.published(id, "https://www.pinterest.com/pin/" + id + "/", Instant.now());
        }
        return outcome(answer);
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        return Optional.empty(); // never asked: canLookUp is false
    }

    private static PublishOutcome check(List<MediaFile> files) {
        if (files.isEmpty()) {
            return PublishOutcome.failed("media_invalid", "A Pin needs an image.");
        }
        return ImagesOnly.refusal(files, "Pinterest", "its media upload", MAX_CAROUSEL);
    }

    private ObjectNode source(PublishRequest request, List<MediaFile> files) {
        ObjectNode source = PlatformHttp.object();
        if (files.size() == 1) {
            return source.put("source_type", "image_url")
                    .put(
                            "url",
                            media.publicUrl(request.workspaceId(), files.get(0).id())
                                    .toString());
        }
        source.put("source_type", "multiple_image_urls");
        ArrayNode items = source.putArray("items");
        for (MediaFile file : files) {
            ObjectNode item = items.addObject()
                    .put(
                            "url",
                            media.publicUrl(request.workspaceId(), file.id()).toString());
            if (request.options().get("title") != null) {
                item.put("title", cut(request.options().get("title"), 100));
            }
        }
        return source;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** Pinterest's errors ({@code {code, message}}) in Herald's categories. */
    static PublishOutcome outcome(PlatformHttp.Answer answer) {
        String message = "Pinterest answered " + answer.status() + " (code "
                + answer.body().path("code").asInt(-1) + "): "
                + answer.body().path("message").asText("no details");
        int status = answer.status();
        if (status == 401) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if (status == 429) {
            Duration wait = answer.header("Retry-After")
                    .map(value -> {
                        try {
                            return Duration.ofSeconds(Long.parseLong(value.trim()));
                        } catch (NumberFormatException e) {
                            return null;
                        }
                    })
                    .orElse(Duration.ofMinutes(1));
            return PublishOutcome.retryable(PublishOutcome.RATE_LIMITED, message, wait);
        }
        if (status >= 500) {
            return PublishOutcome.retryable("platform_error", message, null);
        }
        return PublishOutcome.failed("content_rejected", message);
    }
}
