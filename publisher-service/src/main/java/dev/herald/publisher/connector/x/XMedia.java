package dev.herald.publisher.connector.x;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * A post's files uploaded to X (https://docs.x.com/x-api/media/quickstart/media-upload-chunked): {@code initialize}
 * with the type, size and category, the bytes streamed from media-service in {@code append} segments of at most 4 MiB,
 * {@code finalize}, then the status polled while X processes a video or GIF (as {@code check_after_secs} says), and
 * the alt text set with {@code POST /2/media/metadata}. A retried attempt uploads again: an upload no post uses
 * expires on its own.
 */
final class XMedia {

    /** X takes segments of up to 5 MB; 4 MiB leaves room. */
    static final int SEGMENT = 4 * 1024 * 1024;

    static final Duration PROCESSING_WAIT = Duration.ofMinutes(3);

    private final PlatformHttp http;
    private final String apiBaseUrl;
    private final MediaFiles media;

    XMedia(PlatformHttp http, String apiBaseUrl, MediaFiles media) {
        this.http = http;
        this.apiBaseUrl = apiBaseUrl;
        this.media = media;
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
        List<String> ids = new ArrayList<>();
        try {
            for (MediaFile file :
                    media.describe(request.workspaceId(), request.content().mediaIds())) {
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
                if (failed == null) {
                    failed = finish(auth, id);
                }
                if (failed == null && file.altText() != null && !file.altText().isBlank()) {
                    ObjectNode metadata = PlatformHttp.object().put("id", id);
                    metadata.putObject("metadata").putObject("alt_text").put("text", file.altText());
                    PlatformHttp.Answer described = http.postJson(uri("/2/media/metadata"), auth, metadata);
                    failed = described.ok() ? null : XErrors.outcome(described, Instant.now());
                }
                if (failed != null) {
                    return Uploaded.refused(failed);
                }
                ids.add(id);
            }
        } catch (MediaFiles.Unavailable e) {
            return Uploaded.refused(e.outcome());
        } catch (PlatformHttp.NotSent e) {
            return Uploaded.refused(PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        }
        return new Uploaded(ids, null);
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

    /** Finalizes, then waits while X processes the file; null once it can be posted. */
    private PublishOutcome finish(Map<String, String> auth, String id) throws PlatformHttp.NotSent {
        PlatformHttp.Answer answer = http.postBody(
                uri("/2/media/upload/" + id + "/finalize"),
                auth,
                "application/json",
                HttpRequest.BodyPublishers.noBody());
        Instant deadline = Instant.now().plus(PROCESSING_WAIT);
        while (true) {
            if (!answer.ok()) {
                return XErrors.outcome(answer, Instant.now());
            }
            JsonNode processing = answer.body().path("data").path("processing_info");
            String state = processing.path("state").asText("succeeded");
            if ("succeeded".equals(state)) {
                return null;
            }
            if ("failed".equals(state)) {
                return PublishOutcome.failed(
                        "media_invalid",
                        "X could not process media " + id + ": "
                                + processing.path("error").path("message").asText("no details"));
            }
            if (Instant.now().isAfter(deadline)) {
                return PublishOutcome.retryable(
                        "media_processing", "X was still processing media " + id + " after " + PROCESSING_WAIT, null);
            }
            long wait =
                    Math.max(1, Math.min(10, processing.path("check_after_secs").asLong(1)));
            try {
                Thread.sleep(wait * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PublishOutcome.retryable("media_processing", "Interrupted while X processed media", null);
            }
            answer = http.get(uri("/2/media/upload?command=STATUS&media_id=" + id), auth);
        }
    }

    private URI uri(String path) {
        return URI.create(apiBaseUrl + path);
    }
}
