package dev.herald.publisher.connector.instagram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.MetricsRequest;
import dev.herald.events.PublishRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.CallReadiness;
import dev.herald.publisher.connector.PlatformConnector;
import dev.herald.publisher.connector.PostText;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.facebook.MetaGraph;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * Publishing to an Instagram professional account (https://developers.facebook.com/docs/instagram-platform/
 * content-publishing) in two steps: a media container ({@code POST /{ig-user-id}/media}: {@code image_url}; or
 * {@code media_type=REELS} with {@code video_url}; or {@code CAROUSEL} with up to ten {@code is_carousel_item}
 * children), Instagram fetching the file from the signed public URL Herald gives it, then, once the container's
 * {@code status_code} is {@code FINISHED}, {@code POST /{ig-user-id}/media_publish?creation_id=}. The container id is
 * committed on the ledger entry before publishing, so a retry publishes that container once; a lost answer is settled
 * by its status ({@code PUBLISHED}). While Instagram still fetches or processes a file ({@code IN_PROGRESS}, minutes for
 * a reel) the attempt is deferred and the scheduler asks again: a publish worker is one of a small pool shared by every
 * tenant, so none waits on a slow platform. A carousel's item containers are checkpointed as they are made, so a later
 * attempt asks about them instead of making them again. The account's content publishing limit ({@code GET
 * /{ig-user-id}/content_publishing_limit}, 100 posts per rolling 24 hours) is read before a container is made: a full
 * quota defers the post by an hour instead of spending an attempt.
 */
@ApplicationScoped
public class InstagramConnector implements PlatformConnector {

    /** The Graph API version, pinned here. */
    public static final String API_VERSION = "v25.0";

    static final int MAX_CAROUSEL = 10;
    /** How long after an {@code IN_PROGRESS} status the post is asked about again. */
    static final Duration PROCESSING_WAIT = Duration.ofSeconds(10);
    /**
     * The checkpoint of a carousel's item containers made so far ({@code children id,id,…}); any other checkpoint is
     * the container to publish.
     */
    private static final String CHILDREN = "children ";

    private final TokenService tokens;
    private final Checkpoints checkpoints;
    private final MediaFiles media;
    private final MetaGraph graph;
    private final InstagramMetrics metrics;

    public InstagramConnector(TokenService tokens, Checkpoints checkpoints, MediaFiles media, PublisherConfig config) {
        this.tokens = tokens;
        this.checkpoints = checkpoints;
        this.media = media;
        PublisherConfig.App app = config.apps().get(InstagramConnectFlow.PLATFORM);
        String base =
                app == null ? InstagramConnectFlow.API_URL : app.apiBaseUrl().orElse(InstagramConnectFlow.API_URL);
        this.graph = new MetaGraph(new PlatformHttp(config.platformTimeout()), base + "/" + API_VERSION, "Instagram");
        this.metrics = new InstagramMetrics(tokens, graph);
    }

    @Override
    public MetricsOutcome metrics(Account account, MetricsRequest request) {
        return metrics.fetch(account, request);
    }

    @Override
    public String platform() {
        return InstagramConnectFlow.PLATFORM;
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "Instagram", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        String token = ready.credentials().accessToken();
        String user = account.externalId();
        String saved = checkpoints.find(request.destinationId()).orElse(null);
        String container;
        if (saved == null || saved.startsWith(CHILDREN)) {
            if (request.content().mediaIds().isEmpty()) {
                return PublishOutcome.failed("content_rejected", "Instagram posts need an image or a video.");
            }
            if (saved == null) {
                Optional<PublishOutcome> full = quotaExhausted(user, token);
                if (full.isPresent()) {
                    return full.get();
                }
            }
            MetaGraph.Step created;
            try {
                created = container(account, request, token, children(saved));
            } catch (MediaFiles.Unavailable e) {
                return e.outcome();
            }
            if (created.failed()) {
                return created.outcome();
            }
            container = created.id();
            checkpoints.save(request.destinationId(), container);
        } else {
            container = saved;
        }
        PublishOutcome notReady = readiness(account, token, request, container);
        if (notReady != null) {
            return notReady;
        }
        MetaGraph.Step published =
                graph.post("/" + user + "/media_publish", Map.of("creation_id", container, "access_token", token));
        if (published.failed()) {
            return published.outcome();
        }
        if (request.content().firstComment() != null) {
            // The post is live: a comment that fails does not undo it.
            graph.post(
                    "/" + published.id() + "/comments",
                    Map.of("message", request.content().firstComment(), "access_token", token));
        }
        return PublishOutcome.published(published.id(), permalink(account, published.id(), token), Instant.now());
    }

    /**
     * A full quota defers the post an hour (the window rolls); a quota that cannot be read does not stop the attempt:
     * {@code media_publish} answers code 9 when the limit is really reached.
     */
    private Optional<PublishOutcome> quotaExhausted(String user, String token) {
        try {
            JsonNode limit = graph.get(
                            "/" + user + "/content_publishing_limit",
                            Map.of("fields", "quota_usage,config", "access_token", token))
                    .path("data")
                    .path(0);
            int usage = limit.path("quota_usage").asInt(0);
            int total = limit.path("config").path("quota_total").asInt(Integer.MAX_VALUE);
            if (usage >= total) {
                return Optional.of(PublishOutcome.deferred(
                        "quota_exhausted",
                        "Instagram's content publishing limit is used up (" + usage + " of " + total
                                + " posts in 24 hours).",
                        Duration.ofHours(1)));
            }
        } catch (IllegalStateException e) {
            // See above.
        }
        return Optional.empty();
    }

    /**
     * The container to publish: one item, or a CAROUSEL of item containers. Item containers are checkpointed as they
     * are made ({@code children …}; {@code made} are those of earlier attempts), and the carousel is made only once
     * every item is {@code FINISHED} — until then the attempt ends deferred. {@link #publish} checkpoints the container
     * this answers.
     */
    private MetaGraph.Step container(Account account, PublishRequest request, String token, List<String> made) {
        String user = account.externalId();
        String caption = PostText.withLink(request);
        List<MediaFile> files =
                media.describe(request.workspaceId(), request.content().mediaIds());
        for (MediaFile file : files) {
            if (!file.isVideo() && !"image/jpeg".equals(file.mimeType())) {
                // Instagram takes JPEG only ("image_url": "Only JPEG images are supported").
                return new MetaGraph.Step(
                        null,
                        null,
                        PublishOutcome.failed(
                                "media_invalid",
                                "Instagram takes JPEG images only; " + file.id() + " is " + file.mimeType() + "."));
            }
        }
        if (files.size() == 1) {
            Map<String, String> form = item(request, files.get(0), false);
            form.put("caption", caption);
            form.put("access_token", token);
            return graph.post("/" + user + "/media", form);
        }
        if (files.size() > MAX_CAROUSEL) {
            return new MetaGraph.Step(
                    null,
                    null,
                    PublishOutcome.failed(
                            "media_invalid", "An Instagram carousel takes at most " + MAX_CAROUSEL + " files."));
        }
        List<String> children = new ArrayList<>(made);
        for (MediaFile file : files.subList(Math.min(children.size(), files.size()), files.size())) {
            Map<String, String> form = item(request, file, true);
            form.put("access_token", token);
            MetaGraph.Step child = graph.post("/" + user + "/media", form);
            if (child.failed()) {
                return child;
            }
            children.add(child.id());
            checkpoints.save(request.destinationId(), CHILDREN + String.join(",", children));
        }
        for (String child : children) {
            PublishOutcome notReady = readiness(account, token, request, child);
            if (notReady != null) {
                return new MetaGraph.Step(null, null, notReady);
            }
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("media_type", "CAROUSEL");
        form.put("children", String.join(",", children));
        form.put("caption", caption);
        form.put("access_token", token);
        return graph.post("/" + user + "/media", form);
    }

    private Map<String, String> item(PublishRequest request, MediaFile file, boolean carouselItem) {
        Map<String, String> form = new LinkedHashMap<>();
        String url = media.publicUrl(request.workspaceId(), file.id()).toString();
        if (file.isVideo()) {
            // A single video is a reel (Instagram retired feed videos); in a carousel it is a VIDEO item.
            form.put("media_type", carouselItem ? "VIDEO" : "REELS");
            form.put("video_url", url);
        } else {
            form.put("image_url", url);
            if (file.altText() != null) {
                form.put("alt_text", file.altText());
            }
        }
        if (carouselItem) {
            form.put("is_carousel_item", "true");
        }
        return form;
    }

    /** The item containers an earlier attempt made, from its checkpoint ({@code children id,id,…}). */
    private static List<String> children(String checkpoint) {
        return checkpoint == null || !checkpoint.startsWith(CHILDREN)
                ? List.of()
                : List.of(checkpoint.substring(CHILDREN.length()).split(","));
    }

    /**
     * Null once Instagram has fetched and processed the container ({@code FINISHED}); else how the attempt ends:
     * deferred while it is {@code IN_PROGRESS} (asked again after {@link #PROCESSING_WAIT}, no worker waits), published
     * when an earlier attempt's publish answer was lost ({@code PUBLISHED}), failed for good ({@code ERROR}), or
     * retried with new containers ({@code EXPIRED}, 24 hours after it was made). Either of the last two clears the
     * checkpoint.
     */
    private PublishOutcome readiness(Account account, String token, PublishRequest request, String container) {
        JsonNode status;
        try {
            status = graph.get("/" + container, Map.of("fields", "id,status_code,status", "access_token", token));
        } catch (IllegalStateException e) {
            return PublishOutcome.retryable("platform_error", e.getMessage(), null);
        }
        switch (status.path("status_code").asText("")) {
            case "FINISHED" -> {
                return null;
            }
            case "PUBLISHED" -> {
                String id = publishedMediaOf(account, token, request).orElse(container);
                return PublishOutcome.published(id, permalink(account, id, token), Instant.now());
            }
            case "ERROR" -> {
                checkpoints.save(request.destinationId(), null);
                return PublishOutcome.failed(
                        "media_invalid",
                        "Instagram could not process the media: "
                                + status.path("status").asText("no details"));
            }
            case "EXPIRED" -> {
                checkpoints.save(request.destinationId(), null); // a fresh container next time
                return PublishOutcome.retryable(
                        "platform_error", "The Instagram container " + container + " expired unpublished.", null);
            }
            default -> {
                return PublishOutcome.deferred(
                        "media_processing",
                        "Instagram is processing container " + container + "; asked again in "
                                + PROCESSING_WAIT.toSeconds() + " s.",
                        PROCESSING_WAIT);
            }
        }
    }

    /** Always answerable: without a container nothing can have been published; with one, its status says. */
    @Override
    public boolean canLookUp(PublishRequest request) {
        return true;
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        // Item containers only: no carousel was made, so nothing can have been published.
        Optional<String> container = checkpoints.find(request.destinationId()).filter(c -> !c.startsWith(CHILDREN));
        if (container.isEmpty()) {
            return Optional.empty();
        }
        String token = tokens.forCall(account).accessToken();
        JsonNode status = graph.get("/" + container.get(), Map.of("fields", "id,status_code", "access_token", token));
        switch (status.path("status_code").asText("")) {
            case "PUBLISHED" -> {
                String id = publishedMediaOf(account, token, request).orElse(container.get());
                return Optional.of(PublishOutcome.published(id, permalink(account, id, token), Instant.now()));
            }
            case "EXPIRED", "ERROR" -> {
                checkpoints.save(request.destinationId(), null);
                return Optional.empty();
            }
            default -> {
                return Optional.empty(); // FINISHED or IN_PROGRESS: publishing it again publishes it once
            }
        }
    }

    /** The published media of this request among the account's latest, by its caption. */
    private Optional<String> publishedMediaOf(Account account, String token, PublishRequest request) {
        JsonNode recent = graph.get(
                "/" + account.externalId() + "/media",
                Map.of("fields", "id,caption", "limit", "25", "access_token", token));
        for (JsonNode post : recent.path("data")) {
            if (PostText.withLink(request).equals(post.path("caption").asText())) {
                return Optional.of(post.path("id").asText());
            }
        }
        return Optional.empty();
    }

    private String permalink(Account account, String id, String token) {
        try {
            String link = graph.get("/" + id, Map.of("fields", "permalink", "access_token", token))
                    .path("permalink")
                    .asText("");
            if (!link.isEmpty()) {
                return link;
            }
        } catch (IllegalStateException e) {
            // Published all the same; the profile is the best link left.
        }
        return "https://www.instagram.com/" + account.handle() + "/";
    }
}
