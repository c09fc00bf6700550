package dev.herald.publisher.connector.facebook;

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
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;

/**
 * Publishing to a Facebook Page with its Page token (https://developers.facebook.com/docs/pages-api/posts): text and
 * link to {@code POST /{page-id}/feed}; one photo to {@code POST /{page-id}/photos} with the file's signed public URL
 * ({@code url}) and the caption; several photos uploaded unpublished ({@code published=false}) and then attached to one
 * feed post ({@code attached_media[i]={"media_fbid"}}, https://developers.facebook.com/docs/graph-api/reference/page/
 * photos#upload); one video to {@code POST /{page-id}/videos} with {@code file_url}
 * (https://developers.facebook.com/docs/video-api/guides/publishing). The first comment goes to
 * {@code POST /{post-id}/comments}. Facebook has no idempotency key: a lost answer is settled by reading the Page's own
 * recent posts ({@code GET /{page-id}/posts}) for one with this caption published since the post was due.
 */
@ApplicationScoped
public class FacebookConnector implements PlatformConnector {

    /** The Graph API version, pinned here (Meta supports each for about two years). */
    public static final String API_VERSION = "v25.0";

    private final TokenService tokens;
    private final MediaFiles media;
    private final MetaGraph graph;
    private final FacebookMetrics metrics;

    public FacebookConnector(TokenService tokens, MediaFiles media, PublisherConfig config) {
        this.tokens = tokens;
        this.media = media;
        PublisherConfig.App app = config.apps().get(FacebookConnectFlow.PLATFORM);
        String base =
                app == null ? FacebookConnectFlow.API_URL : app.apiBaseUrl().orElse(FacebookConnectFlow.API_URL);
        this.graph = new MetaGraph(new PlatformHttp(config.platformTimeout()), base + "/" + API_VERSION, "Facebook");
        this.metrics = new FacebookMetrics(tokens, graph);
    }

    @Override
    public MetricsOutcome metrics(Account account, MetricsRequest request) {
        return metrics.fetch(account, request);
    }

    @Override
    public String platform() {
        return FacebookConnectFlow.PLATFORM;
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "Facebook", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        String token = ready.credentials().accessToken();
        String page = account.externalId();
        MetaGraph.Step post;
        try {
            post = post(request, page, token);
        } catch (MediaFiles.Unavailable e) {
            return e.outcome();
        }
        if (post.failed()) {
            return post.outcome();
        }
        // A photo answers its photo id and the post's; the post is what is commented on and linked to.
        String postId = post.body().path("post_id").asText(post.id());
        if (request.content().firstComment() != null) {
            // The post is live: a comment that fails does not undo it.
            graph.post(
                    "/" + postId + "/comments",
                    Map.of("message", request.content().firstComment(), "access_token", token));
        }
        return PublishOutcome.published(postId, permalink(postId, token), Instant.now());
    }

    private MetaGraph.Step post(PublishRequest request, String page, String token) {
        String caption = request.caption() == null ? "" : request.caption();
        List<MediaFile> files =
                media.describe(request.workspaceId(), request.content().mediaIds());
        if (files.isEmpty()) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("message", caption);
            if (request.content().link() != null) {
                form.put("link", request.content().link());
            }
            form.put("access_token", token);
            return graph.post("/" + page + "/feed", form);
        }
        String message = PostText.withLink(request);
        if (files.size() == 1 && files.get(0).isVideo()) {
            return graph.post(
                    "/" + page + "/videos",
                    Map.of(
                            "file_url", url(request, files.get(0)),
                            "description", message,
                            "access_token", token));
        }
        if (files.size() == 1) {
            return graph.post("/" + page + "/photos", photo(request, files.get(0), message, true, token));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("message", message);
        List<String> photos = new ArrayList<>();
        for (MediaFile file : files) {
            if (file.isVideo()) {
                return new MetaGraph.Step(
                        null,
                        null,
                        PublishOutcome.failed(
                                "media_invalid", "A Facebook post takes several photos or one video, not both."));
            }
            MetaGraph.Step photo = graph.post("/" + page + "/photos", photo(request, file, null, false, token));
            if (photo.failed()) {
                return photo;
            }
            photos.add(photo.id());
        }
        for (int i = 0; i < photos.size(); i++) {
            form.put("attached_media[" + i + "]", "{\"media_fbid\":\"" + photos.get(i) + "\"}");
        }
        form.put("access_token", token);
        return graph.post("/" + page + "/feed", form);
    }

    private Map<String, String> photo(
            PublishRequest request, MediaFile file, String caption, boolean published, String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("url", url(request, file));
        if (caption != null) {
            form.put("caption", caption);
        }
        if (file.altText() != null) {
            form.put("alt_text_custom", file.altText());
        }
        form.put("published", Boolean.toString(published));
        form.put("access_token", token);
        return form;
    }

    private String url(PublishRequest request, MediaFile file) {
        return media.publicUrl(request.workspaceId(), file.id()).toString();
    }

    /** The Page's own posts can be read, so a lost answer is always settled by looking. */
    @Override
    public boolean canLookUp(PublishRequest request) {
        return true;
    }

    /**
     * The Page's post with this request's text created since the post was due (five minutes of clock skew allowed), among
     * its latest 25. Two identical posts due at the same time on one Page are the limit of this fingerprint.
     */
    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        String token = tokens.forCall(account).accessToken();
        long since = (request.dueAt() == null ? Instant.now() : request.dueAt())
                .minusSeconds(300)
                .getEpochSecond();
        JsonNode posts = graph.get(
                "/" + account.externalId() + "/posts",
                Map.of(
                        "fields",
                        "id,message,created_time",
                        "since",
                        Long.toString(since),
                        "limit",
                        "25",
                        "access_token",
                        token));
        String caption = request.caption() == null ? "" : request.caption();
        String withLink = PostText.withLink(request);
        for (JsonNode post : posts.path("data")) {
            String message = post.path("message").asText("");
            if (message.equals(caption) || message.equals(withLink)) {
                String id = post.path("id").asText();
                return Optional.of(PublishOutcome.published(id, permalink(id, token), Instant.now()));
            }
        }
        return Optional.empty();
    }

    private String permalink(String postId, String token) {
        try {
            String link = graph.get("/" + postId, Map.of("fields", "permalink_url", "access_token", token))
                    .path("permalink_url")
                    .asText("");
            if (!link.isEmpty()) {
                // A video's permalink_url is relative ("/{page}/videos/{id}/").
                return link.startsWith("/") ? "https://www.facebook.com" + link : link;
            }
        } catch (IllegalStateException e) {
            // The post exists; Facebook resolves its id-based URL as well.
        }
        return "https://www.facebook.com/" + postId;
    }
}
