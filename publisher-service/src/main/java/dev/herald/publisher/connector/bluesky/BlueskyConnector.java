package dev.herald.publisher.connector.bluesky;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.media.ImagesOnly;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Publishing to Bluesky: one {@code app.bsky.feed.post} record (https://docs.bsky.app/docs/advanced-guides/posts)
 * written with {@code com.atproto.repo.createRecord} (https://docs.bsky.app/docs/api/com-atproto-repo-create-record)
 * to the account's PDS; the link as an {@code app.bsky.embed.external} card, links, tags and resolved mentions as
 * facets ({@link Facets}); thread parts and the first comment as replies ({@code reply: {root, parent}} strong refs).
 *
 * <p>Never twice: a PDS has no idempotency key, but Herald chooses each record's key ({@code rkey}, a TID derived from
 * the destination id, {@link Tids}) and a PDS keeps one record per key. So every attempt for a destination writes to
 * the same key, and {@code com.atproto.repo.getRecord} (https://docs.bsky.app/docs/api/com-atproto-repo-get-record)
 * answers exactly whether it was written. That settles both doubtful cases:
 * <ul>
 *   <li>an answer lost after sending (timeout, reset): the ledger stays {@code in_flight} and {@link #lookup} reads
 *       the key back before anything is sent again;
 *   <li>a 5xx: the PDS may have committed the record and failed afterwards — and a PDS answers a write to an existing
 *       key with a 500 too — so the key is read back at once: found is published, not found is a plain retryable
 *       error (a retry cannot duplicate, it writes to the same key).
 * </ul>
 */
@ApplicationScoped
public class BlueskyConnector implements PlatformConnector {

    static final String POST = "app.bsky.feed.post";

    private static final Logger LOG = Logger.getLogger(BlueskyConnector.class);
    /** The lexicon allows at most 3 languages per post. */
    private static final int MAX_LANGS = 3;

    /** {@code app.bsky.embed.images}: at most 4 images of at most 1,000,000 bytes each. */
    static final int MAX_IMAGES = 4;

    static final long MAX_IMAGE_BYTES = 1_000_000;

    /** {@code app.bsky.embed.video}: one {@code video/mp4} blob of at most 100,000,000 bytes. */
    static final long MAX_VIDEO_BYTES = 100_000_000;

    private final TokenService tokens;
    private final PlatformHttp http;
    private final String defaultPds;
    private final MediaFiles media;
    private final BlueskyMetrics metrics;
    private final Duration timeout;

    public BlueskyConnector(TokenService tokens, PublisherConfig config, MediaFiles media) {
        this.tokens = tokens;
        this.media = media;
        this.timeout = config.platformTimeout();
        this.http = new PlatformHttp(config.platformTimeout());
        this.defaultPds = BlueskyConnectFlow.defaultPds(config);
        this.metrics = new BlueskyMetrics(http);
    }

    @Override
    public MetricsOutcome metrics(Account account, MetricsRequest request) {
        return PlatformMetrics.withCredentials(tokens, account, credentials -> {
            Session session = session(account, credentials);
            return metrics.fetch(session.pds(), session.did(), session.auth(), request);
        });
    }

    @Override
    public String platform() {
        return "bluesky";
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        CallReadiness ready = CallReadiness.check(tokens, account, request, "Bluesky", true);
        if (ready.refused()) {
            return ready.refusal();
        }
        Session session = session(account, ready.credentials());
        Images images = images(session, request);
        if (images.outcome() != null) {
            return images.outcome();
        }
        ObjectNode record = images.embed() == null
                ? record(session, request.caption(), request, null)
                // The images take the embed: the link goes into the text (a link facet) instead of a card.
                : record(session, PostText.withLink(request), request, null);
        if (images.embed() != null) {
            record.set("embed", images.embed());
        }
        Written head = write(session, request, 0, record);
        if (head.ref() == null) {
            return head.outcome();
        }
        followUps(session, request, head.ref());
        return published(account, head.ref());
    }

    @Override
    public boolean canLookUp(PublishRequest request) {
        return true;
    }

    /**
     * Reads the post's key back; when it is there, the thread and first comment are completed (their keys are fixed
     * too, so parts already written are found, not written again).
     */
    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        Session session;
        try {
            session = session(account);
        } catch (TokenService.AccessExpired e) {
            return Optional.of(PublishOutcome.failed(
                    "unknown_outcome",
                    "The post may have been published, but Bluesky cannot be asked: the account's access has"
                            + " expired. Check the account before retrying."));
        }
        Optional<Ref> head = getRecord(session, Tids.forDestination(request.destinationId(), 0));
        head.ifPresent(ref -> followUps(session, request, ref));
        return head.map(ref -> published(account, ref));
    }

    /** Who writes where: the account's PDS, repo (DID) and access JWT. */
    private record Session(String pds, String did, String accessJwt) {

        Map<String, String> auth() {
            return Map.of("Authorization", "Bearer " + accessJwt);
        }
    }

    /** A strong reference to a written record ({@code com.atproto.repo.strongRef}). */
    private record Ref(String uri, String cid) {

        ObjectNode toJson() {
            return PlatformHttp.object().put("uri", uri).put("cid", cid);
        }

        String rkey() {
            return uri.substring(uri.lastIndexOf('/') + 1);
        }
    }

    /** A written record, or the outcome that ends the attempt. */
    private record Written(Ref ref, PublishOutcome outcome) {}

    /** The post's images or video as an embed (null without media), or why not. */
    private record Images(ObjectNode embed, PublishOutcome outcome) {}

    /**
     * Uploads each file as a blob ({@code com.atproto.repo.uploadBlob},
     * https://docs.bsky.app/docs/api/com-atproto-repo-upload-blob) and references them, with alt text and aspect
     * ratio, from the post. A retried attempt uploads again: a PDS drops blobs no record references, and the record's
     * key is fixed, so the post is still written once.
     */
    private Images images(Session session, PublishRequest request) {
        if (request.content().mediaIds().isEmpty()) {
            return new Images(null, null);
        }
        try {
            List<MediaFile> files =
                    media.describe(request.workspaceId(), request.content().mediaIds());
            if (files.size() == 1 && files.get(0).isVideo()) {
                return video(session, request, files.get(0));
            }
            if (files.stream().anyMatch(MediaFile::isVideo)) {
                return new Images(
                        null,
                        PublishOutcome.failed("media_invalid", "A Bluesky post has one video or up to 4 images."));
            }
            PublishOutcome refused = ImagesOnly.refusal(files, "Bluesky", "its video service", MAX_IMAGES);
            if (refused != null) {
                return new Images(null, refused);
            }
            ObjectNode embed = PlatformHttp.object().put("$type", "app.bsky.embed.images");
            ArrayNode images = embed.putArray("images");
            for (MediaFile file : files) {
                if (file.sizeBytes() > MAX_IMAGE_BYTES) {
                    return new Images(
                            null,
                            PublishOutcome.failed(
                                    "media_invalid",
                                    file.id() + " has " + file.sizeBytes() + " bytes; Bluesky takes images up to "
                                            + MAX_IMAGE_BYTES + "."));
                }
                PlatformHttp.Answer answer = http.postBody(
                        xrpc(session, "com.atproto.repo.uploadBlob"),
                        session.auth(),
                        file.mimeType(),
                        HttpRequest.BodyPublishers.ofByteArray(media.bytes(request.workspaceId(), file)));
                if (!answer.ok() || !answer.body().has("blob")) {
                    return new Images(null, BlueskyErrors.outcome(answer, Instant.now()));
                }
                ObjectNode image = images.addObject().put("alt", file.altText() == null ? "" : file.altText());
                image.set("image", answer.body().get("blob"));
                if (file.width() != null && file.height() != null && file.width() > 0 && file.height() > 0) {
                    image.putObject("aspectRatio").put("width", file.width()).put("height", file.height());
                }
            }
            return new Images(embed, null);
        } catch (MediaFiles.Unavailable e) {
            return new Images(null, e.outcome());
        } catch (PlatformHttp.NotSent e) {
            return new Images(null, PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
    }

    /**
     * One video as an {@code app.bsky.embed.video} embed
     * (https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/video.json: an {@code video/mp4}
     * blob of at most 100,000,000 bytes, {@code alt}, {@code aspectRatio}), its blob uploaded with
     * {@code com.atproto.repo.uploadBlob} on the account's own PDS — the simplest documented path; the Bluesky video
     * service (which transcodes before the post is written, with service auth) is not needed for the PDS to accept the
     * record, and Bluesky's app transcodes a PDS blob when it is first played. Streamed from media-service.
     */
    private Images video(Session session, PublishRequest request, MediaFile file) throws PlatformHttp.NotSent {
        if (!"video/mp4".equals(file.mimeType()) || file.sizeBytes() > MAX_VIDEO_BYTES) {
            return new Images(
                    null,
                    PublishOutcome.failed(
                            "media_invalid",
                            "Bluesky takes one MP4 video up to " + MAX_VIDEO_BYTES + " bytes; " + file.id() + " is "
                                    + file.mimeType() + " of " + file.sizeBytes() + " bytes."));
        }
        PlatformHttp upload = new PlatformHttp(timeout.plus(Duration.ofSeconds(1 + (file.sizeBytes() >> 20))));
        PlatformHttp.Answer answer;
        try (InputStream bytes = media.open(request.workspaceId(), file.id())) {
            answer = upload.postBody(
                    xrpc(session, "com.atproto.repo.uploadBlob"),
                    session.auth(),
                    file.mimeType(),
                    HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> bytes), file.sizeBytes()));
        } catch (IOException e) {
            return new Images(
                    null,
                    PublishOutcome.retryable("media_unavailable", "Reading " + file.id() + " failed: " + e, null));
        }
        if (!answer.ok() || !answer.body().has("blob")) {
            return new Images(null, BlueskyErrors.outcome(answer, Instant.now()));
        }
        ObjectNode embed = PlatformHttp.object().put("$type", "app.bsky.embed.video");
        embed.set("video", answer.body().get("blob"));
        if (file.altText() != null && !file.altText().isBlank()) {
            embed.put("alt", file.altText());
        }
        if (file.width() != null && file.height() != null && file.width() > 0 && file.height() > 0) {
            embed.putObject("aspectRatio").put("width", file.width()).put("height", file.height());
        }
        return new Images(embed, null);
    }

    private Session session(Account account) {
        return session(account, tokens.forCall(account));
    }

    private Session session(Account account, Credentials credentials) {
        return new Session(
                credentials.secrets().getOrDefault(BlueskyConnectFlow.SERVICE_URL, defaultPds),
                credentials.secrets().getOrDefault(BlueskyConnectFlow.DID, account.externalId()),
                credentials.accessToken());
    }

    /** The thread's parts as a chain of replies, then the first comment as a reply to the post itself. */
    private void followUps(Session session, PublishRequest request, Ref head) {
        // The post is live: a follow-up that fails does not undo it, nor is it retried (the post would not be).
        try {
            Ref parent = head;
            List<String> thread = request.content().thread();
            for (int i = 0; i < thread.size(); i++) {
                ObjectNode reply = PlatformHttp.object();
                reply.set("root", head.toJson());
                reply.set("parent", parent.toJson());
                parent = write(session, request, i + 1, record(session, thread.get(i), null, reply))
                        .ref();
                if (parent == null) {
                    return;
                }
            }
            if (request.content().firstComment() != null) {
                ObjectNode reply = PlatformHttp.object();
                reply.set("root", head.toJson());
                reply.set("parent", head.toJson());
                write(
                        session,
                        request,
                        thread.size() + 1,
                        record(session, request.content().firstComment(), null, reply));
            }
        } catch (RuntimeException e) {
            LOG.warnf("A follow-up of %s was not written to Bluesky: %s", request.destinationId(), e.getMessage());
        }
    }

    /**
     * An {@code app.bsky.feed.post} record (lexicon: https://docs.bsky.app/docs/api/app-bsky-feed-post): the text,
     * its facets, the languages and, for the post itself ({@code request} given), the link card.
     */
    private ObjectNode record(Session session, String text, PublishRequest request, ObjectNode reply) {
        String body = text == null ? "" : text;
        ObjectNode record = PlatformHttp.object()
                .put("$type", POST)
                .put("text", body)
                .put(
                        "createdAt",
                        DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        Map<String, Optional<String>> resolved = new HashMap<>();
        List<Facets.Facet> facets =
                Facets.detect(body, handle -> resolved.computeIfAbsent(handle, h -> resolveHandle(session, h)));
        if (!facets.isEmpty()) {
            record.set("facets", Facets.toJson(facets));
        }
        if (reply != null) {
            record.set("reply", reply);
        }
        if (request != null) {
            langs(request).ifPresent(langs -> {
                var array = record.putArray("langs");
                langs.forEach(array::add);
            });
            if (request.content().link() != null) {
                // A link card; its preview (title, description, thumbnail) would need Herald to fetch the page.
                record.putObject("embed")
                        .put("$type", "app.bsky.embed.external")
                        .putObject("external")
                        .put("uri", request.content().link())
                        .put("title", request.content().link())
                        .put("description", "");
            }
        }
        return record;
    }

    /** {@code platform_options.langs} ("en,fr"), else the generic {@code language}. */
    private static Optional<List<String>> langs(PublishRequest request) {
        String raw = request.options() == null
                ? null
                : request.options().getOrDefault("langs", request.options().get("language"));
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(raw.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .limit(MAX_LANGS)
                .toList());
    }

    /** Writes one record under the destination's key for {@code part}; a 5xx is settled by reading the key back. */
    private Written write(Session session, PublishRequest request, int part, ObjectNode record) {
        String rkey = Tids.forDestination(request.destinationId(), part);
        ObjectNode body = PlatformHttp.object()
                .put("repo", session.did())
                .put("collection", POST)
                .put("rkey", rkey);
        body.set("record", record);
        PlatformHttp.Answer answer;
        try {
            answer = http.postJson(xrpc(session, "com.atproto.repo.createRecord"), session.auth(), body);
        } catch (PlatformHttp.NotSent e) {
            return new Written(null, PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
        if (answer.ok()) {
            return new Written(
                    new Ref(
                            answer.body().path("uri").asText(),
                            answer.body().path("cid").asText()),
                    null);
        }
        if (answer.status() >= 500) {
            try {
                Optional<Ref> written = getRecord(session, rkey);
                if (written.isPresent()) {
                    LOG.infof(
                            "Bluesky answered %d but record %s of %s exists: written",
                            answer.status(), rkey, request.destinationId());
                    return new Written(written.get(), null);
                }
            } catch (RuntimeException e) {
                // Not knowing is fine here: a retry writes to the same key, so it cannot publish twice.
                LOG.infof("Could not read back %s after a %d: %s", rkey, answer.status(), e.getMessage());
            }
        }
        return new Written(null, BlueskyErrors.outcome(answer, Instant.now()));
    }

    /**
     * The record under {@code rkey} in the account's posts; empty when the PDS says RecordNotFound.
     *
     * @throws IllegalStateException when the PDS cannot say (the outcome stays unknown, asked again later)
     */
    private Optional<Ref> getRecord(Session session, String rkey) {
        URI uri = URI.create(session.pds() + "/xrpc/com.atproto.repo.getRecord?repo=" + encode(session.did())
                + "&collection=" + POST + "&rkey=" + rkey);
        PlatformHttp.Answer answer;
        try {
            answer = http.get(uri, session.auth());
        } catch (PlatformHttp.NotSent e) {
            throw new IllegalStateException(
                    "Bluesky could not be asked about an earlier attempt: " + e.getMessage(), e);
        }
        if (answer.status() == 200 && answer.body().hasNonNull("uri")) {
            return Optional.of(new Ref(
                    answer.body().path("uri").asText(),
                    answer.body().path("cid").asText()));
        }
        if (answer.status() == 400 && "RecordNotFound".equals(BlueskyErrors.error(answer))) {
            return Optional.empty();
        }
        throw new IllegalStateException("Bluesky answered " + answer.status() + " to getRecord: " + answer.raw());
    }

    /**
     * A handle's DID ({@code com.atproto.identity.resolveHandle},
     * https://docs.bsky.app/docs/api/com-atproto-identity-resolve-handle); empty when it does not resolve or the PDS
     * cannot say — the mention then stays plain text rather than holding up the post.
     */
    private Optional<String> resolveHandle(Session session, String handle) {
        try {
            PlatformHttp.Answer answer = http.get(
                    URI.create(session.pds() + "/xrpc/com.atproto.identity.resolveHandle?handle=" + encode(handle)),
                    Map.of());
            String did = answer.body().path("did").asText("");
            return answer.status() == 200 && did.startsWith("did:") ? Optional.of(did) : Optional.empty();
        } catch (PlatformHttp.NotSent | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static PublishOutcome published(Account account, Ref ref) {
        return PublishOutcome.published(
                ref.uri(), "https://bsky.app/profile/" + account.handle() + "/post/" + ref.rkey(), Instant.now());
    }

    private static URI xrpc(Session session, String method) {
        return URI.create(session.pds() + "/xrpc/" + method);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
