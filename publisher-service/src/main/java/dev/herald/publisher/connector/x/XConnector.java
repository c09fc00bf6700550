package dev.herald.publisher.connector.x;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * Publishing to X with API v2 ({@code POST /2/tweets}, https://docs.x.com/x-api/posts/create-post): the caption (and
 * link), then each thread part and the first comment as replies to the previous post. X has no idempotency key, but
 * a user's recent posts can be read back ({@code GET /2/users/:id/tweets}), which is how an unknown outcome is
 * settled. Errors are X's problem objects; its 429s carry {@code x-rate-limit-reset} (epoch seconds), no Retry-After.
 */
@ApplicationScoped
public class XConnector implements PlatformConnector {

    /** The API version written against. */
    static final String API_VERSION = "2";

    /** X's usage cap (monthly or daily post cap of the app's tier): retrying soon cannot help. */
    static final String USAGE_CAPPED = "https://api.x.com/2/problems/usage-capped";

    private final TokenService tokens;
    private final PlatformHttp http;
    private final String apiBaseUrl;
    private final XMedia media;
    private final XMetrics metrics;

    public XConnector(TokenService tokens, PublisherConfig config, MediaFiles files, Checkpoints checkpoints) {
        this.tokens = tokens;
        this.http = new PlatformHttp(config.platformTimeout());
        PublisherConfig.App app = config.apps().get("x");
        this.apiBaseUrl = app == null ? XConnectFlow.API_URL : app.apiBaseUrl().orElse(XConnectFlow.API_URL);
        this.media = new XMedia(http, apiBaseUrl, files, checkpoints);
        this.metrics = new XMetrics(tokens, http, apiBaseUrl);
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
        return "x";
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "X", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        String token = ready.credentials().accessToken();
        XMedia.Uploaded uploaded = media.upload(token, request);
        if (uploaded.outcome() != null) {
            return uploaded.outcome();
        }
        PostAnswer first = post(token, PostText.withLink(request), null, uploaded.ids());
        if (first.outcome() != null) {
            return first.outcome();
        }
        // The post is live: a follow-up that fails does not undo it (retrying the whole would publish it twice).
        String previous = first.id();
        for (String part : request.content().thread()) {
            previous = post(token, part, previous, List.of()).id();
            if (previous == null) {
                break;
            }
        }
        if (request.content().firstComment() != null) {
            post(token, request.content().firstComment(), first.id(), List.of());
        }
        return PublishOutcome.published(first.id(), permalink(account, first.id()), Instant.now());
    }

    @Override
    public boolean canLookUp(PublishRequest request) {
        return true;
    }

    /**
     * Reads the user's posts since shortly before the request was due and looks for this caption: X rewrites links
     * to t.co, so texts are compared with every URL replaced.
     */
    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        String token = tokens.forCall(account).accessToken();
        Instant since = (request.dueAt() == null ? Instant.now() : request.dueAt())
                .minus(Duration.ofMinutes(5))
                .truncatedTo(ChronoUnit.SECONDS);
        URI uri = URI.create(apiBaseUrl + "/2/users/" + account.externalId()
                + "/tweets?max_results=100&tweet.fields=created_at&start_time="
                + URLEncoder.encode(DateTimeFormatter.ISO_INSTANT.format(since), StandardCharsets.UTF_8));
        PlatformHttp.Answer answer;
        try {
            answer = http.get(uri, Map.of("Authorization", "Bearer " + token));
        } catch (PlatformHttp.NotSent e) {
            throw new IllegalStateException("X could not be asked about an earlier attempt: " + e.getMessage(), e);
        }
        if (!answer.ok()) {
            // Not knowing is not "not published": leave it unknown, the caller tries again later.
            throw new IllegalStateException("X answered " + answer.status() + " to the read-back");
        }
        String wanted = fingerprint(PostText.withLink(request));
        for (JsonNode post : answer.body().path("data")) {
            if (fingerprint(post.path("text").asText()).equals(wanted)) {
                String id = post.path("id").asText();
                return Optional.of(PublishOutcome.published(id, permalink(account, id), Instant.now()));
            }
        }
        return Optional.empty();
    }

    static String fingerprint(String text) {
        return text.replaceAll("https?://\\S+", "<url>").replaceAll("\\s+", " ").trim();
    }

    private static String permalink(Account account, String id) {
        return "https://x.com/" + account.handle() + "/status/" + id;
    }

    /** A created post's id, or the outcome that ends the attempt. */
    private record PostAnswer(String id, PublishOutcome outcome) {}

    private PostAnswer post(String token, String text, String inReplyTo, List<String> mediaIds) {
        ObjectNode body = PlatformHttp.object().put("text", text);
        if (!mediaIds.isEmpty()) {
            mediaIds.forEach(body.putObject("media").putArray("media_ids")::add);
        }
        if (inReplyTo != null) {
            body.putObject("reply").put("in_reply_to_tweet_id", inReplyTo);
        }
        PlatformHttp.Answer answer;
        try {
            answer = http.postJson(
                    URI.create(apiBaseUrl + "/2/tweets"), Map.of("Authorization", "Bearer " + token), body);
        } catch (PlatformHttp.NotSent e) {
            return new PostAnswer(null, PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
        if (answer.status() == 201 || answer.status() == 200) {
            return new PostAnswer(answer.body().path("data").path("id").asText(), null);
        }
        return new PostAnswer(null, XErrors.outcome(answer, Instant.now()));
    }
}
