package dev.herald.publisher.connector.pinterest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.UploadedMedia;
import dev.herald.publisher.connector.http.Multipart;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.http.UnknownOutcomeException;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.media.MediaFiles;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * A video for a Pin, as the v5 API takes it (the pinterest-v5 OpenAPI document, operations {@code media/create} and
 * {@code media/get}; https://developers.pinterest.com/docs/api-features/creating-boards-and-pins/#creating-video-pins):
 * {@code POST /v5/media {"media_type":"video"}} registers an upload and answers {@code media_id}, {@code upload_url}
 * and {@code upload_parameters}; the file goes to {@code upload_url} as a {@code multipart/form-data} POST with every
 * upload parameter as a field and the file last as {@code file} (S3's POST upload, streamed from media-service); then
 * {@code GET /v5/media/{media_id}} says {@code registered}, {@code processing}, {@code succeeded} or {@code failed}.
 *
 * <p>The {@code media_id} is committed on the ledger entry before any byte is sent, so a retry asks for its status
 * instead of registering and uploading again; once S3 took the file the checkpoint says so ({@code media-uploaded}).
 * {@code registered} then means Pinterest has not picked the upload up yet, and the attempt is deferred; without that
 * mark the upload did not arrive and the next attempt registers and sends it anew. {@code processing} defers the attempt ({@code media_processing}) — no worker waits —
 * and {@code succeeded} lets the Pin be made with it.
 */
final class PinterestVideo {

    /** How long Pinterest usually takes to process a short video before it is asked again. */
    static final Duration PROCESSING_WAIT = Duration.ofSeconds(15);

    private static final String PREFIX = "media ";
    /** The checkpoint once S3 took the file (answered 2xx). */
    private static final String UPLOADED = "media-uploaded ";

    private static final Duration PER_MIB = Duration.ofSeconds(1);

    private final Checkpoints checkpoints;
    private final MediaFiles media;
    private final PlatformHttp http;
    private final String api;
    private final Duration timeout;

    PinterestVideo(Checkpoints checkpoints, MediaFiles media, PlatformHttp http, String api, Duration timeout) {
        this.checkpoints = checkpoints;
        this.media = media;
        this.http = http;
        this.api = api;
        this.timeout = timeout;
    }

    /**
     * The video's media id once Pinterest processed it, or how this attempt ends. None of these calls can make a Pin,
     * so a call that did not reach Pinterest, or whose answer was lost, ends the attempt as retryable: the next one
     * finds the checkpointed media id or registers anew (an orphan registration makes nothing visible).
     */
    UploadedMedia upload(PublishRequest request, MediaFile file, String token) {
        try {
            return uploadOrAsk(request, file, token);
        } catch (Unreachable e) {
            return UploadedMedia.ended(PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        } catch (UnknownOutcomeException e) {
            return UploadedMedia.ended(PublishOutcome.retryable("platform_error", e.getMessage(), null));
        }
    }

    private UploadedMedia uploadOrAsk(PublishRequest request, MediaFile file, String token) {
        Optional<String> checkpoint = checkpoints.find(request.destinationId());
        Optional<String> saved = checkpoint.flatMap(PinterestVideo::parse);
        boolean uploaded = checkpoint.filter(c -> c.startsWith(UPLOADED)).isPresent();
        String mediaId;
        if (saved.isPresent()) {
            mediaId = saved.get();
        } else {
            PlatformHttp.Answer registered = call(() -> http.postJson(
                    URI.create(api + "/v5/media"),
                    Map.of("Authorization", "Bearer " + token),
                    PlatformHttp.object().put("media_type", "video")));
            if (registered.status() != 201 && registered.status() != 200
                    || !registered.body().path("media_id").isTextual()) {
                return UploadedMedia.ended(PinterestConnector.outcome(registered));
            }
            mediaId = registered.body().get("media_id").asText();
            checkpoints.save(request.destinationId(), PREFIX + mediaId);
            PublishOutcome sent = send(request, file, registered.body());
            if (sent != null) {
                return UploadedMedia.ended(sent);
            }
            checkpoints.save(request.destinationId(), UPLOADED + mediaId);
            uploaded = true;
        }
        PlatformHttp.Answer status = call(
                () -> http.get(URI.create(api + "/v5/media/" + mediaId), Map.of("Authorization", "Bearer " + token)));
        if (status.status() == 404) {
            // Pinterest no longer knows the upload: register anew on the next attempt.
            checkpoints.save(request.destinationId(), null);
            return UploadedMedia.ended(PublishOutcome.retryable(
                    "platform_error", "Pinterest no longer knows media " + mediaId + "; uploading again.", null));
        }
        if (!status.ok()) {
            return UploadedMedia.ended(PinterestConnector.outcome(status));
        }
        return switch (status.body().path("status").asText()) {
            case "succeeded" -> UploadedMedia.ready(mediaId);
            case "failed" -> {
                checkpoints.save(request.destinationId(), null);
                yield UploadedMedia.ended(PublishOutcome.failed(
                        "media_invalid", "Pinterest could not process the video (media " + mediaId + ")."));
            }
            case "registered" -> {
                if (uploaded) {
                    // S3 took the file; Pinterest has not picked it up yet. Uploading again would make a second one.
                    yield UploadedMedia.ended(PublishOutcome.deferred(
                            "media_processing",
                            "Pinterest has not yet taken the uploaded video (media " + mediaId + "); asked again in "
                                    + PROCESSING_WAIT.toSeconds() + " s.",
                            PROCESSING_WAIT));
                }
                // The upload never arrived (or its attempt ended before it finished): send it again.
                checkpoints.save(request.destinationId(), null);
                yield UploadedMedia.ended(PublishOutcome.retryable(
                        "platform_error",
                        "Pinterest did not receive the video for media " + mediaId + "; uploading again.",
                        null));
            }
            default ->
                UploadedMedia.ended(PublishOutcome.deferred(
                        "media_processing",
                        "Pinterest is processing the video (media " + mediaId + "); asked again in "
                                + PROCESSING_WAIT.toSeconds() + " s.",
                        PROCESSING_WAIT));
        };
    }

    /**
     * The file to {@code upload_url}: every {@code upload_parameters} pair as a form field, the file last (S3 reads
     * the fields before the file). S3 answers 204.
     *
     * @return null when the upload was taken, else how the attempt ends
     */
    private PublishOutcome send(PublishRequest request, MediaFile file, JsonNode registered) {
        Multipart form = new Multipart();
        Iterator<Map.Entry<String, JsonNode>> fields =
                registered.path("upload_parameters").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            form.field(field.getKey(), field.getValue().asText());
        }
        InputStream[] opened = new InputStream[1];
        try {
            opened[0] = media.open(request.workspaceId(), file.id());
        } catch (MediaFiles.Unavailable e) {
            return e.outcome();
        }
        form.file("file", file.filename(), file.mimeType(), () -> opened[0]);
        PlatformHttp upload = new PlatformHttp(timeout.plus(PER_MIB.multipliedBy(1 + (file.sizeBytes() >> 20))));
        PlatformHttp.Answer answer;
        try (InputStream closing = opened[0]) {
            answer = upload.postMultipart(
                    URI.create(registered.path("upload_url").asText()), Map.of(), form);
        } catch (PlatformHttp.NotSent e) {
            return PublishOutcome.retryable("platform_unreachable", e.getMessage(), null);
        } catch (IOException e) {
            return PublishOutcome.retryable("media_unavailable", "Reading " + file.id() + " failed: " + e, null);
        }
        if (answer.ok()) {
            return null;
        }
        // S3 refused it (an expired policy, say): nothing was stored, so the next attempt registers anew.
        checkpoints.save(request.destinationId(), null);
        return answer.status() >= 500
                ? PublishOutcome.retryable("platform_error", "Pinterest's upload answered " + answer.status(), null)
                : PublishOutcome.failed(
                        "media_invalid",
                        "Pinterest's upload refused the video (" + answer.status() + "): "
                                + answer.raw()
                                        .substring(0, Math.min(answer.raw().length(), 300)));
    }

    /**
     * {@code media_source} of a video Pin: {@code video_id} with the media id and a cover — the
     * {@code cover_image_url} option, else the frame at {@code cover_image_key_frame_time} seconds (0 by default).
     */
    static ObjectNode source(PublishRequest request, String mediaId) {
        ObjectNode source = PlatformHttp.object().put("source_type", "video_id").put("media_id", mediaId);
        String coverUrl = request.options().get("cover_image_url");
        if (coverUrl != null && !coverUrl.isBlank()) {
            return source.put("cover_image_url", coverUrl);
        }
        String frame = request.options().get("cover_image_key_frame_time");
        return source.put(
                "cover_image_key_frame_time", frame != null && frame.matches("\\d{1,6}") ? Integer.parseInt(frame) : 0);
    }

    static Optional<String> parse(String checkpoint) {
        if (checkpoint != null && checkpoint.startsWith(UPLOADED)) {
            return Optional.of(checkpoint.substring(UPLOADED.length()));
        }
        return checkpoint != null && checkpoint.startsWith(PREFIX)
                ? Optional.of(checkpoint.substring(PREFIX.length()))
                : Optional.empty();
    }

    private interface Call {
        PlatformHttp.Answer send() throws PlatformHttp.NotSent;
    }

    private static PlatformHttp.Answer call(Call call) {
        try {
            return call.send();
        } catch (PlatformHttp.NotSent e) {
            throw new Unreachable(e.getMessage());
        }
    }

    private static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }
}
