package dev.herald.publisher.connector.threads;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
import dev.herald.publisher.connector.http.Query;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * Publishing to Threads in its two steps (https://developers.facebook.com/docs/threads/posts): a media container
 * ({@code POST /{user}/threads}), then {@code POST /{user}/threads_publish?creation_id=}. The container id is committed
 * on the ledger entry before the publish call, so a retry publishes that container — once — instead of another; an
 * unknown outcome asks the container's status (https://developers.facebook.com/docs/threads/troubleshooting): only a
 * {@code PUBLISHED} container was published.
 */
@ApplicationScoped
public class ThreadsConnector implements PlatformConnector {

    static final String API_VERSION = "v1.0";
    /** Meta's throttling error codes (https://developers.facebook.com/docs/graph-api/overview/rate-limiting). */
    private static final Set<Integer> THROTTLED = Set.of(4, 17, 32, 613, 80001);

    /** A carousel holds at most 20 items. */
    static final int MAX_CAROUSEL = 20;

    /** How long Threads usually takes to fetch and process a file before it is asked again. */
    static final Duration PROCESSING_WAIT = Duration.ofSeconds(10);
    /** The checkpoint of a carousel's item containers made so far. */
    private static final String CHILDREN = "children ";

    private final TokenService tokens;
    private final Checkpoints checkpoints;
    private final PlatformHttp http;
    private final String api;
    private final MediaFiles media;
    private final ThreadsMetrics metrics;

    public ThreadsConnector(TokenService tokens, Checkpoints checkpoints, PublisherConfig config, MediaFiles media) {
        this.tokens = tokens;
        this.media = media;
        this.checkpoints = checkpoints;
        this.http = new PlatformHttp(config.platformTimeout());
        PublisherConfig.App app = config.apps().get("threads");
        this.api = (app == null ? ThreadsConnectFlow.API_URL : app.apiBaseUrl().orElse(ThreadsConnectFlow.API_URL))
                + "/" + API_VERSION;
        this.metrics = new ThreadsMetrics(tokens, http, api);
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
        return "threads";
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "Threads", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        String token = ready.credentials().accessToken();
        String saved = checkpoints.find(request.destinationId()).orElse(null);
        String container;
        if (saved == null || saved.startsWith(CHILDREN)) {
            Step created = request.content().mediaIds().isEmpty()
                    ? container(
                            account,
                            token,
                            PostText.withLink(request),
                            null,
                            request.options().get("reply_control"))
                    : mediaContainer(account, token, request, children(saved));
            if (created.outcome() != null) {
                return created.outcome();
            }
            container = created.id();
            checkpoints.save(request.destinationId(), container);
        } else {
            container = saved;
        }
        if (!request.content().mediaIds().isEmpty() || saved != null) {
            PublishOutcome notReady = readiness(account, token, request, container);
            if (notReady != null) {
                return notReady;
            }
        }
        Step published = publishContainer(account, token, container);
        if (published.outcome() != null) {
            return published.outcome();
        }
        // The post is live: follow-ups that fail do not undo it.
        String previous = published.id();
        for (String part : request.content().thread()) {
            previous = reply(account, token, part, previous);
            if (previous == null) {
                break;
            }
        }
        if (request.content().firstComment() != null) {
            reply(account, token, request.content().firstComment(), published.id());
        }
        return PublishOutcome.published(published.id(), permalink(account, token, published.id()), Instant.now());
    }

    /** Always answerable: without a container nothing can have been published; with one, its status says. */
    @Override
    public boolean canLookUp(PublishRequest request) {
        return true;
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        Optional<String> container = checkpoints.find(request.destinationId()).filter(c -> !c.startsWith(CHILDREN));
        if (container.isEmpty()) {
            return Optional.empty();
        }
        String token = tokens.forCall(account).accessToken();
        JsonNode status = get(container.get(), Map.of("fields", "id,status,error_message", "access_token", token));
        switch (status.path("status").asText("")) {
            case "PUBLISHED" -> {
                String id = publishedMediaOf(account, token, request).orElse(container.get());
                return Optional.of(PublishOutcome.published(id, permalink(account, token, id), Instant.now()));
            }
            case "EXPIRED", "ERROR" -> {
                checkpoints.save(request.destinationId(), null); // a fresh container next time
                return Optional.empty();
            }
            default -> {
                return Optional.empty(); // FINISHED or IN_PROGRESS: publishing it again publishes it once
            }
        }
    }

    /** A created or published id, or the outcome that ends the attempt. */
    private record Step(String id, PublishOutcome outcome) {}

    private Step container(Account account, String token, String text, String replyTo, String replyControl) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("media_type", "TEXT");
        params.put("text", text);
        if (replyTo != null) {
            params.put("reply_to_id", replyTo);
        }
        if (replyControl != null) {
            params.put("reply_control", replyControl);
        }
        params.put("access_token", token);
        return post("/" + account.externalId() + "/threads", params);
    }

    /**
     * An IMAGE or VIDEO container, or a CAROUSEL of item containers, for the post's files: Threads fetches each from
     * the signed public URL media-service gives for exactly that file. Item containers are checkpointed as they are
     * made ({@code children …}), so a later attempt only asks about them; the carousel is made once every item is
     * {@code FINISHED} — until then the attempt is deferred, no worker waits. The final container is checkpointed by
     * {@link #publish} and asked about there.
     */
    private Step mediaContainer(Account account, String token, PublishRequest request, List<String> made) {
        try {
            List<MediaFile> files =
                    media.describe(request.workspaceId(), request.content().mediaIds());
            if (files.size() > MAX_CAROUSEL) {
                return new Step(
                        null,
                        PublishOutcome.failed("media_invalid", "Threads takes at most " + MAX_CAROUSEL + " files."));
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (files.size() == 1) {
                params.putAll(item(request, files.get(0)));
            } else {
                List<String> children = new ArrayList<>(made);
                for (MediaFile file : files.subList(Math.min(children.size(), files.size()), files.size())) {
                    Map<String, String> item = new LinkedHashMap<>(item(request, file));
                    item.put("is_carousel_item", "true");
                    item.put("access_token", token);
                    Step child = post("/" + account.externalId() + "/threads", item);
                    if (child.outcome() != null) {
                        return child;
                    }
                    children.add(child.id());
                    checkpoints.save(request.destinationId(), CHILDREN + String.join(",", children));
                }
                for (String child : children) {
                    PublishOutcome notReady = readiness(account, token, request, child);
                    if (notReady != null) {
                        return new Step(null, notReady);
                    }
                }
                params.put("media_type", "CAROUSEL");
                params.put("children", String.join(",", children));
            }
            params.put("text", PostText.withLink(request));
            if (request.options().get("reply_control") != null) {
                params.put("reply_control", request.options().get("reply_control"));
            }
            params.put("access_token", token);
            return post("/" + account.externalId() + "/threads", params);
        } catch (MediaFiles.Unavailable e) {
            return new Step(null, e.outcome());
        }
    }

    /** The item containers an earlier attempt made, from its checkpoint ({@code children id,id,…}). */
    private static List<String> children(String checkpoint) {
        return checkpoint == null || !checkpoint.startsWith(CHILDREN)
                ? List.of()
                : List.of(checkpoint.substring(CHILDREN.length()).split(","));
    }

    private Map<String, String> item(PublishRequest request, MediaFile file) {
        String url = media.publicUrl(request.workspaceId(), file.id()).toString();
        return file.isVideo()
                ? Map.of("media_type", "VIDEO", "video_url", url)
                : Map.of("media_type", "IMAGE", "image_url", url);
    }

    /**
     * Null once the container is {@code FINISHED}; else how the attempt ends: deferred while Threads still fetches or
     * processes it ({@code IN_PROGRESS}: asked again after {@link #PROCESSING_WAIT}, no worker waits), published when
     * an earlier attempt's publish answer was lost ({@code PUBLISHED}), failed for good ({@code ERROR}), or retried
     * with new containers ({@code EXPIRED}). Either of the last two clears the checkpoint.
     */
    private PublishOutcome readiness(Account account, String token, PublishRequest request, String container) {
        JsonNode status;
        try {
            status = get(container, Map.of("fields", "id,status,error_message", "access_token", token));
        } catch (IllegalStateException e) {
            return PublishOutcome.retryable("platform_error", e.getMessage(), null);
        }
        switch (status.path("status").asText("")) {
            case "FINISHED" -> {
                return null;
            }
            case "PUBLISHED" -> {
                String id = publishedMediaOf(account, token, request).orElse(container);
                return PublishOutcome.published(id, permalink(account, token, id), Instant.now());
            }
            case "ERROR" -> {
                checkpoints.save(request.destinationId(), null);
                return PublishOutcome.failed(
                        "media_invalid",
                        "Threads could not process the media: "
                                + status.path("error_message").asText("no details"));
            }
            case "EXPIRED" -> {
                checkpoints.save(request.destinationId(), null);
                return PublishOutcome.retryable("media_processing", "The Threads container expired", null);
            }
            default -> {
                return PublishOutcome.deferred(
                        "media_processing",
                        "Threads is processing container " + container + "; asked again in "
                                + PROCESSING_WAIT.toSeconds() + " s.",
                        PROCESSING_WAIT);
            }
        }
    }

    private Step publishContainer(Account account, String token, String container) {
        return post(
                "/" + account.externalId() + "/threads_publish",
                Map.of("creation_id", container, "access_token", token));
    }

    private String reply(Account account, String token, String text, String replyTo) {
        Step container = container(account, token, text, replyTo, null);
        return container.id() == null
                ? null
                : publishContainer(account, token, container.id()).id();
    }

    /** The published post of this request among the user's latest, by its text. */
    private Optional<String> publishedMediaOf(Account account, String token, PublishRequest request) {
        JsonNode threads = get(
                account.externalId() + "/threads", Map.of("fields", "id,text", "limit", "25", "access_token", token));
        for (JsonNode post : threads.path("data")) {
            if (PostText.withLink(request).equals(post.path("text").asText())) {
                return Optional.of(post.path("id").asText());
            }
        }
        return Optional.empty();
    }

    private String permalink(Account account, String token, String id) {
        String link = get(id, Map.of("fields", "permalink", "access_token", token))
                .path("permalink")
                .asText("");
        return link.isEmpty() ? "https://www.threads.net/@" + account.handle() : link;
    }

    private Step post(String path, Map<String, String> params) {
        PlatformHttp.Answer answer;
        try {
            answer =
                    http.postJson(URI.create(api + path + "?" + Query.encode(params)), Map.of(), PlatformHttp.object());
        } catch (PlatformHttp.NotSent e) {
            return new Step(null, PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
        if (answer.ok() && answer.body().hasNonNull("id")) {
            return new Step(answer.body().get("id").asText(), null);
        }
        return new Step(null, outcome(answer));
    }

    /** A read (status, permalink, the user's posts); failures leave the question open. */
    private JsonNode get(String path, Map<String, String> params) {
        try {
            PlatformHttp.Answer answer = http.get(URI.create(api + "/" + path + "?" + Query.encode(params)), Map.of());
            if (!answer.ok()) {
                throw new IllegalStateException("Threads answered " + answer.status() + " to a read of " + path);
            }
            return answer.body();
        } catch (PlatformHttp.NotSent e) {
            throw new IllegalStateException("Threads could not be reached: " + e.getMessage(), e);
        }
    }

    /** Meta's Graph errors ({@code {"error": {message, type, code, error_subcode, fbtrace_id}}}) in Herald's terms. */
    static PublishOutcome outcome(PlatformHttp.Answer answer) {
        JsonNode error = answer.body().path("error");
        int code = error.path("code").asInt(-1);
        String message = "Threads answered " + answer.status() + " (code " + code + "): "
                + error.path("message").asText("no details");
        if (code == 190 || answer.status() == 401) {
            return PublishOutcome.failed("auth_expired", message);
        }
        if (THROTTLED.contains(code) || answer.status() == 429) {
            return PublishOutcome.retryable(PublishOutcome.RATE_LIMITED, message, Duration.ofHours(1));
        }
        if (code == 9) {
            return PublishOutcome.failed("quota_exhausted", message);
        }
        if (answer.status() >= 500 || code == 1 || code == 2) {
            return PublishOutcome.retryable("platform_error", message, null);
        }
        return PublishOutcome.failed("content_rejected", message);
    }
}
