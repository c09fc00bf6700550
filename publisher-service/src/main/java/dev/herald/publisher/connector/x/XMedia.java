package dev.herald.publisher.connector.x;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.Multipart;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * A post's files uploaded to X (https://docs.x.com/x-api/media/quickstart/media-upload-chunked): {@code initialize}
 * with the type, size and category, the bytes streamed from media-service in {@code append} segments of at most 4 MiB,
 * {@code finalize}, and the alt text set with {@code POST /2/media/metadata}. Each finalized media id is checkpointed
 * on the ledger entry ({@code x-media id …}, in the post's order), so a later attempt never uploads that file again.
 * While X processes a video or GIF ({@code processing_info.state} {@code pending} or {@code in_progress}) the attempt
 * is deferred by X's {@code check_after_secs} — no worker waits — and the next one asks {@code command=STATUS} for the
 * checkpointed ids. A failed processing clears the checkpoint and fails the post ({@code media_invalid}).
 */
final class XMedia {

    /** X takes segments of up to 5 MB; 4 MiB leaves room. */
    static final int SEGMENT = 4 * 1024 * 1024;

    /** The wait when X gives no {@code check_after_secs}. */
    static final Duration PROCESSING_WAIT = Duration.ofSeconds(5);

    private static final String CHECKPOINT = "x-media ";

    private final PlatformHttp http;
    private final String apiBaseUrl;
    private final MediaFiles media;
    private final Checkpoints checkpoints;

    XMedia(PlatformHttp http, String apiBaseUrl, MediaFiles media, Checkpoints checkpoints) {
        this.http = http;
        this.apiBaseUrl = apiBaseUrl;
        this.media = media;
        this.checkpoints = checkpoints;
    }

    /** The media ids of the uploaded files, in the post's order, or the outcome that ends the attempt. */
    record Uploaded(List<String> ids, PublishOutcome outcome) {

        static Uploaded refused(PublishOutcome outcome) {
            return new Uploaded(null, outcome);
        }
    }

    Uploaded upload(String token, PublishRequest request) {
        if (request.content().mediaIds().isEmpty()) {
            return new Uploaded(List.of(), null);
        }
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        List<String> ids = new ArrayList<>(checkpoints
                .find(request.destinationId())
                .filter(c -> c.startsWith(CHECKPOINT))
                .map(c -> List.of(c.substring(CHECKPOINT.length()).split(" ")))
                .orElse(List.of()));
        // Each id's processing as last heard of: from finalize for this attempt's uploads, else asked below.
        Map<String, JsonNode> processing = new HashMap<>();
        try {
            List<MediaFile> files =
                    media.describe(request.workspaceId(), request.content().mediaIds());
            for (MediaFile file : files.subList(Math.min(ids.size(), files.size()), files.size())) {
                ObjectNode init = PlatformHttp.object()
                        .put("media_type", file.mimeType())
                        .put("total_bytes", file.sizeBytes())
                        .put("media_category", category(file));
                PlatformHttp.Answer started = http.postJson(uri("/2/media/upload/initialize"), auth, init);
                if (!started.ok()) {
                    return Uploaded.refused(XErrors.outcome(started, Instant.now()));
                }
                String id = started.body().path("data").path("id").asText();
                PublishOutcome failed = append(auth, request.workspaceId(), file, id);
                if (failed != null) {
                    return Uploaded.refused(failed);
                }
                PlatformHttp.Answer finalized = http.postBody(
                        uri("/2/media/upload/" + id + "/finalize"),
                        auth,
                        "application/json",
                        HttpRequest.BodyPublishers.noBody());
                if (!finalized.ok()) {
                    return Uploaded.refused(XErrors.outcome(finalized, Instant.now()));
                }
                if (file.altText() != null && !file.altText().isBlank()) {
                    ObjectNode metadata = PlatformHttp.object().put("id", id);
                    metadata.putObject("metadata").putObject("alt_text").put("text", file.altText());
                    PlatformHttp.Answer described = http.postJson(uri("/2/media/metadata"), auth, metadata);
                    if (!described.ok()) {
                        return Uploaded.refused(XErrors.outcome(described, Instant.now()));
                    }
                }
                processing.put(id, finalized.body().path("data").path("processing_info"));
                ids.add(id);
                checkpoints.save(request.destinationId(), CHECKPOINT + String.join(" ", ids));
            }
            for (String id : ids) {
                JsonNode info = processing.get(id);
                if (info == null) {
                    PlatformHttp.Answer status = http.get(uri("/2/media/upload?command=STATUS&media_id=" + id), auth);
                    if (!status.ok()) {
                        return Uploaded.refused(XErrors.outcome(status, Instant.now()));
                    }
                    info = status.body().path("data").path("processing_info");
                }
                PublishOutcome notReady = readiness(request, id, info);
                if (notReady != null) {
                    return Uploaded.refused(notReady);
                }
            }
        } catch (MediaFiles.Unavailable e) {
            return Uploaded.refused(e.outcome());
        } catch (PlatformHttp.NotSent e) {
            return Uploaded.refused(PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
        return new Uploaded(ids, null);
    }

    /** Null when X has processed the file (or never needed to: an image); else how the attempt ends. */
    private PublishOutcome readiness(PublishRequest request, String id, JsonNode processing) {
        String state = processing.path("state").asText("succeeded");
        if ("succeeded".equals(state)) {
            return null;
        }
        if ("failed".equals(state)) {
            checkpoints.save(request.destinationId(), null);
            return PublishOutcome.failed(
                    "media_invalid",
                    "X could not process media " + id + ": "
                            + processing.path("error").path("message").asText("no details"));
        }
        Duration wait = processing.hasNonNull("check_after_secs")
                ? Duration.ofSeconds(
                        Math.max(1, processing.get("check_after_secs").asLong()))
                : PROCESSING_WAIT;
        return PublishOutcome.deferred(
                "media_processing",
                "X is processing media " + id + " (" + state + "); asked again in " + wait.toSeconds() + " s.",
                wait);
    }

    private static String category(MediaFile file) {
        return file.isVideo() ? "tweet_video" : "gif".equals(file.kind()) ? "tweet_gif" : "tweet_image";
    }

    /** The file's bytes in segments, straight from media-service's stream; null when all were taken. */
    private PublishOutcome append(Map<String, String> auth, String workspaceId, MediaFile file, String id)
            throws PlatformHttp.NotSent {
        try (InputStream in = media.open(workspaceId, file.id())) {
            byte[] segment = new byte[SEGMENT];
            int index = 0;
            int read;
            while ((read = in.readNBytes(segment, 0, SEGMENT)) > 0) {
                Multipart form = new Multipart()
                        .field("segment_index", Integer.toString(index++))
                        .file("media", file.filename(), "application/octet-stream", Arrays.copyOf(segment, read));
                PlatformHttp.Answer appended = http.postMultipart(uri("/2/media/upload/" + id + "/append"), auth, form);
                if (!appended.ok()) {
                    return XErrors.outcome(appended, Instant.now());
                }
            }
            return null;
        } catch (IOException e) {
            return PublishOutcome.retryable(
                    "media_unavailable",
                    "Reading " + file.id() + " from media-service failed: " + e.getMessage(),
                    null);
        }
    }

    private URI uri(String path) {
        return URI.create(apiBaseUrl + path);
    }
}
