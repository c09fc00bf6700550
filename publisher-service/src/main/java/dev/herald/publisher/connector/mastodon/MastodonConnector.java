package dev.herald.publisher.connector.mastodon;

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
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.CallReadiness;
import dev.herald.publisher.connector.PlatformConnector;
import dev.herald.publisher.connector.PostText;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.Multipart;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * Publishing to a Mastodon instance ({@code POST /api/v1/statuses}, https://docs.joinmastodon.org/methods/statuses/#create)
 * with Mastodon's own {@code Idempotency-Key}: the destination id (and the part number for thread parts), so a
 * repeated call within an hour returns the status it created instead of a second one. That is also how an unknown
 * outcome is settled: asking again with the same key answers the status, whether the first call made it or not. The
 * post's files are uploaded once: their attachment ids are checkpointed on the ledger entry, and while Mastodon still
 * processes one the attempt is deferred and asked again by the scheduler, so no publish worker (one of a small pool
 * shared by every tenant) waits on a slow instance.
 */
@ApplicationScoped
public class MastodonConnector implements PlatformConnector {

    /** The API version written against. */
    static final String API_VERSION = "v1";

    /** Mastodon keeps idempotency keys for an hour; a margin for clocks and the call itself. */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(50);

    /** How long after a 206 (still processing) the post is asked about again. */
    static final Duration PROCESSING_WAIT = Duration.ofSeconds(10);

    /**
     * How long after the first upload Mastodon may still answer 206 before the uploads are given up: an instance whose
     * processing job died answers 206 for good, and deferrals spend no attempt, so without a bound the post would be
     * asked about forever. Given up, the attempt is retried (an attempt spent) with the files uploaded again.
     */
    static final Duration PROCESSING_LIMIT = Duration.ofHours(1);

    /**
     * The checkpoint of the uploaded attachments: when the first was uploaded (epoch seconds) and their ids in the
     * post's order ({@code mastodon-media 1764190000 id id …}).
     */
    private static final String CHECKPOINT = "mastodon-media ";

    private final TokenService tokens;
    private final Checkpoints checkpoints;
    private final PlatformHttp http;
    private final MediaFiles media;
    private final MastodonMetrics metrics;

    public MastodonConnector(TokenService tokens, Checkpoints checkpoints, PublisherConfig config, MediaFiles media) {
        this.tokens = tokens;
        this.checkpoints = checkpoints;
        this.http = new PlatformHttp(config.platformTimeout());
        this.media = media;
        this.metrics = new MastodonMetrics(tokens, http);
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String platform() {
        return "mastodon";
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "Mastodon", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        Credentials credentials = ready.credentials();
        String instance = credentials.secrets().get(MastodonConnectFlow.INSTANCE_URL);
        Attachments attachments = attach(instance, credentials.accessToken(), request, uploaded(request));
        if (attachments.outcome() != null) {
            return attachments.outcome();
        }
        Status first = status(
                instance,
                credentials.accessToken(),
                request,
                PostText.withLink(request),
                attachments.ids(),
                null,
                request.destinationId());
        if (first.outcome() != null) {
            return first.outcome();
        }
        // The status is live: a follow-up that fails does not undo it.
        String previous = first.id();
        int part = 0;
        for (String text : request.content().thread()) {
            part++;
            previous = status(
                            instance,
                            credentials.accessToken(),
                            request,
                            text,
                            List.of(),
                            previous,
                            request.destinationId() + ":" + part)
                    .id();
            if (previous == null) {
                break;
            }
        }
        if (request.content().firstComment() != null) {
            status(
                    instance,
                    credentials.accessToken(),
                    request,
                    request.content().firstComment(),
                    List.of(),
                    first.id(),
                    request.destinationId() + ":comment");
        }
        return PublishOutcome.published(first.id(), first.url(), Instant.now());
    }

    /** Within Mastodon's idempotency window, asking again is safe; past it, it could post twice. */
    @Override
    public boolean canLookUp(PublishRequest request) {
        return request.dueAt() != null && request.dueAt().isAfter(Instant.now().minus(IDEMPOTENCY_WINDOW));
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        // Same key, same body: Mastodon answers the status the lost call created, or creates it now — once either way.
        PublishOutcome outcome = publish(account, request);
        return outcome.kind() == PublishOutcome.Kind.PUBLISHED ? Optional.of(outcome) : Optional.empty();
    }

    @Override
    public MetricsOutcome metrics(Account account, MetricsRequest request) {
        return metrics.fetch(account, request);
    }

    /** A created status (id and public URL), or the outcome that ends the attempt. */
    private record Status(String id, String url, PublishOutcome outcome) {}

    /** The uploaded files' attachment ids, or the outcome that ends the attempt. */
    private record Attachments(List<String> ids, PublishOutcome outcome) {}

    /** What earlier attempts uploaded: since when, and the attachment ids. */
    private record Uploads(Instant since, List<String> ids) {

        static final Uploads NONE = new Uploads(null, List.of());
    }

    /**
     * The post's files as attachments ({@code POST /api/v2/media}, https://docs.joinmastodon.org/methods/media/#v2)
     * with their alt text. Each uploaded id is checkpointed at once, so a later attempt (or the lookup, which publishes
     * again) uploads only the files not uploaded yet. Only the first status carries files: thread parts and the first
     * comment are text. A 202 (still processing) and every id of an earlier attempt are asked about with {@code GET
     * /api/v1/media/:id}: 206 defers the attempt; 404 is an attachment Mastodon removed (unused for a day), so the
     * checkpoint is cleared and the files are uploaded again, as they are after {@link #PROCESSING_LIMIT}.
     *
     * @param earlier what earlier attempts uploaded
     */
    private Attachments attach(String instance, String token, PublishRequest request, Uploads earlier) {
        Instant since = earlier.since() != null ? earlier.since() : Instant.now();
        List<String> ids = new ArrayList<>(earlier.ids());
        // Those asked about below; an image Mastodon answered 200 for is processed already.
        List<String> unknown = new ArrayList<>(earlier.ids());
        try {
            List<MediaFile> files =
                    media.describe(request.workspaceId(), request.content().mediaIds());
            for (MediaFile file : files.subList(Math.min(ids.size(), files.size()), files.size())) {
                Multipart form = new Multipart()
                        .file(
                                "file",
                                file.filename(),
                                file.mimeType(),
                                () -> media.open(request.workspaceId(), file.id()));
                if (file.altText() != null) {
                    form.field("description", file.altText());
                }
                PlatformHttp.Answer answer =
                        http.postMultipart(URI.create(instance + "/api/v2/media"), auth(token), form);
                if (answer.status() != 200 && answer.status() != 202) {
                    return new Attachments(null, MastodonErrors.outcome(answer, Instant.now()));
                }
                String id = answer.body().path("id").asText();
                ids.add(id);
                checkpoints.save(
                        request.destinationId(), CHECKPOINT + since.getEpochSecond() + " " + String.join(" ", ids));
                if (answer.status() == 202) {
                    unknown.add(id);
                }
            }
            for (String id : unknown) {
                PlatformHttp.Answer answer = http.get(URI.create(instance + "/api/v1/media/" + id), auth(token));
                if (answer.status() == 404 && earlier.ids().contains(id)) {
                    checkpoints.save(request.destinationId(), null);
                    return attach(instance, token, request, Uploads.NONE);
                }
                if (answer.status() == 206 && Instant.now().isAfter(since.plus(PROCESSING_LIMIT))) {
                    checkpoints.save(request.destinationId(), null);
                    return new Attachments(
                            null,
                            PublishOutcome.retryable(
                                    "media_processing",
                                    "Mastodon was still processing media " + id + " " + PROCESSING_LIMIT.toMinutes()
                                            + " min after the upload; the files are uploaded again.",
                                    null));
                }
                if (answer.status() == 206) {
                    return new Attachments(
                            null,
                            PublishOutcome.deferred(
                                    "media_processing",
                                    "Mastodon is processing media " + id + "; asked again in "
                                            + PROCESSING_WAIT.toSeconds() + " s.",
                                    PROCESSING_WAIT));
                }
                if (answer.status() != 200) {
                    return new Attachments(null, MastodonErrors.outcome(answer, Instant.now()));
                }
            }
        } catch (MediaFiles.Unavailable e) {
            return new Attachments(null, e.outcome());
        } catch (PlatformHttp.NotSent e) {
            return new Attachments(null, PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
        return new Attachments(ids, null);
    }

    /** What earlier attempts uploaded, from the checkpoint. */
    private Uploads uploaded(PublishRequest request) {
        return checkpoints
                .find(request.destinationId())
                .filter(c -> c.startsWith(CHECKPOINT))
                .map(c -> c.substring(CHECKPOINT.length()).split(" "))
                .map(parts -> new Uploads(
                        Instant.ofEpochSecond(Long.parseLong(parts[0])),
                        List.of(parts).subList(1, parts.length)))
                .orElse(Uploads.NONE);
    }

    private static Map<String, String> auth(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private Status status(
            String instance,
            String token,
            PublishRequest request,
            String text,
            List<String> mediaIds,
            String inReplyTo,
            String key) {
        ObjectNode body = PlatformHttp.object()
                .put("status", text)
                .put("visibility", request.options().getOrDefault("visibility", "public"));
        if (request.options().get("spoiler_text") != null) {
            body.put("spoiler_text", request.options().get("spoiler_text"));
        }
        if (request.options().get("language") != null) {
            body.put("language", request.options().get("language"));
        }
        if (inReplyTo != null) {
            body.put("in_reply_to_id", inReplyTo);
        }
        if (!mediaIds.isEmpty()) {
            mediaIds.forEach(body.putArray("media_ids")::add);
        }
        PlatformHttp.Answer answer;
        try {
            answer = http.postJson(
                    URI.create(instance + "/api/v1/statuses"),
                    Map.of("Authorization", "Bearer " + token, "Idempotency-Key", key),
                    body);
        } catch (PlatformHttp.NotSent e) {
            return new Status(null, null, PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
        if (answer.ok() && answer.body().hasNonNull("id")) {
            JsonNode status = answer.body();
            return new Status(
                    status.get("id").asText(),
                    status.path("url").asText(status.path("uri").asText()),
                    null);
        }
        return new Status(null, null, MastodonErrors.outcome(answer, Instant.now()));
    }
}
