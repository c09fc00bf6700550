package dev.herald.publisher.connector.linkedin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.UploadedMedia;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.http.UnknownOutcomeException;
import dev.herald.publisher.connector.youtube.StreamedPut;
import dev.herald.publisher.media.MediaFile;
import dev.herald.publisher.publish.service.Checkpoints;

/**
 * A video for a member post through the Videos API
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api):
 * {@code POST /rest/videos?action=initializeUpload} with the owner and {@code fileSizeBytes} answers the video URN and
 * {@code uploadInstructions} (byte ranges, each with its {@code uploadUrl}); each part is {@code PUT} there, streamed
 * from media-service, and answers an {@code ETag}; {@code action=finalizeUpload} with the ETags in order ends the
 * upload; {@code GET /rest/videos/{urn}} says {@code WAITING_UPLOAD}, {@code PROCESSING}, {@code AVAILABLE} or
 * {@code PROCESSING_FAILED}.
 *
 * <p>The URN is committed on the ledger entry as soon as LinkedIn hands it out ({@code uploading}) and again once
 * finalized, so a later attempt never uploads twice: a finalized video is only asked about, and processing defers the
 * attempt ({@code media_processing}) instead of holding a worker. An upload interrupted before finalizing (its URLs
 * are not kept) starts over with a new video; the unfinished one is LinkedIn's to discard.
 */
final class LinkedInVideo {

    /** How long LinkedIn usually takes to process a short video before it is asked again. */
    static final Duration PROCESSING_WAIT = Duration.ofSeconds(15);

    private static final String UPLOADING = "video-uploading ";
    private static final String FINALIZED = "video ";

    private final Checkpoints checkpoints;
    private final PlatformHttp http;
    private final StreamedPut uploads;
    private final String api;

    LinkedInVideo(Checkpoints checkpoints, PlatformHttp http, StreamedPut uploads, String api) {
        this.checkpoints = checkpoints;
        this.http = http;
        this.uploads = uploads;
        this.api = api;
    }

    /**
     * The video's URN once LinkedIn made it available, or how this attempt ends. None of these calls makes a post, so
     * one that did not reach LinkedIn or whose answer was lost ends the attempt as retryable; the checkpoint decides
     * what the next one does.
     */
    UploadedMedia upload(Account account, PublishRequest request, MediaFile file, Map<String, String> headers) {
        try {
            return uploadOrAsk(account, request, file, headers);
        } catch (PlatformHttp.NotSent e) {
            return UploadedMedia.ended(PublishOutcome.retryable("platform_unreachable", e.getMessage(), null));
        } catch (UnknownOutcomeException e) {
            return UploadedMedia.ended(PublishOutcome.retryable("platform_error", e.getMessage(), null));
        }
    }

    private UploadedMedia uploadOrAsk(
            Account account, PublishRequest request, MediaFile file, Map<String, String> headers)
            throws PlatformHttp.NotSent {
        Optional<String> saved = checkpoints.find(request.destinationId());
        Optional<String> finalized =
                saved.filter(c -> c.startsWith(FINALIZED)).map(c -> c.substring(FINALIZED.length()));
        Optional<String> uploading =
                saved.filter(c -> c.startsWith(UPLOADING)).map(c -> c.substring(UPLOADING.length()));
        if (finalized.isPresent()) {
            return status(request, finalized.get(), headers);
        }
        if (uploading.isPresent()) {
            // Finalized though its answer was lost? Then LinkedIn has moved past WAITING_UPLOAD.
            PlatformHttp.Answer video = get(uploading.get(), headers);
            String status = video.body().path("status").asText("");
            if (video.ok() && !status.isEmpty() && !"WAITING_UPLOAD".equals(status)) {
                checkpoints.save(request.destinationId(), FINALIZED + uploading.get());
                return status(request, uploading.get(), headers);
            }
        }
        ObjectNode init = PlatformHttp.object();
        init.putObject("initializeUploadRequest")
                .put("owner", LinkedInConnector.author(account))
                .put("fileSizeBytes", file.sizeBytes())
                .put("uploadCaptions", false)
                .put("uploadThumbnail", false);
        PlatformHttp.Answer started =
                http.postJson(URI.create(api + "/rest/videos?action=initializeUpload"), headers, init);
        JsonNode value = started.body().path("value");
        if (!started.ok()
                || !value.path("video").isTextual()
                || !value.path("uploadInstructions").isArray()) {
            return UploadedMedia.ended(LinkedInConnector.outcome(started, Instant.now()));
        }
        String urn = value.get("video").asText();
        checkpoints.save(request.destinationId(), UPLOADING + urn);
        ArrayNode etags = PlatformHttp.object().putArray("uploadedPartIds");
        for (JsonNode part : value.get("uploadInstructions")) {
            long first = part.path("firstByte").asLong();
            long last = part.path("lastByte").asLong();
            StreamedPut.Result sent = uploads.put(
                    request.workspaceId(),
                    file.id(),
                    URI.create(part.path("uploadUrl").asText()),
                    Map.of("Authorization", headers.get("Authorization")),
                    "application/octet-stream",
                    first,
                    last - first + 1);
            if (sent.failure() != null) {
                return UploadedMedia.ended(sent.failure());
            }
            Optional<String> etag = sent.answer().header("ETag");
            if (!sent.answer().ok() || etag.isEmpty()) {
                return UploadedMedia.ended(LinkedInConnector.outcome(sent.answer(), Instant.now()));
            }
            etags.add(etag.get());
        }
        ObjectNode finalize = PlatformHttp.object();
        ObjectNode finalizeRequest = finalize.putObject("finalizeUploadRequest")
                .put("video", urn)
                .put("uploadToken", value.path("uploadToken").asText(""));
        finalizeRequest.set("uploadedPartIds", etags);
        PlatformHttp.Answer finalizeAnswer =
                http.postJson(URI.create(api + "/rest/videos?action=finalizeUpload"), headers, finalize);
        if (!finalizeAnswer.ok()) {
            checkpoints.save(request.destinationId(), null);
            return UploadedMedia.ended(LinkedInConnector.outcome(finalizeAnswer, Instant.now()));
        }
        checkpoints.save(request.destinationId(), FINALIZED + urn);
        return status(request, urn, headers);
    }

    private UploadedMedia status(PublishRequest request, String urn, Map<String, String> headers)
            throws PlatformHttp.NotSent {
        PlatformHttp.Answer video = get(urn, headers);
        if (!video.ok()) {
            return UploadedMedia.ended(LinkedInConnector.outcome(video, Instant.now()));
        }
        return switch (video.body().path("status").asText("")) {
            case "AVAILABLE" -> UploadedMedia.ready(urn);
            case "PROCESSING_FAILED" -> {
                checkpoints.save(request.destinationId(), null);
                yield UploadedMedia.ended(PublishOutcome.failed(
                        "media_invalid",
                        "LinkedIn could not process video " + urn + ": "
                                + video.body().path("processingFailureReason").asText("no reason given")));
            }
            default ->
                UploadedMedia.ended(PublishOutcome.deferred(
                        "media_processing",
                        "LinkedIn is processing video " + urn + "; asked again in " + PROCESSING_WAIT.toSeconds()
                                + " s.",
                        PROCESSING_WAIT));
        };
    }

    private PlatformHttp.Answer get(String urn, Map<String, String> headers) throws PlatformHttp.NotSent {
        return http.get(URI.create(api + "/rest/videos/" + URLEncoder.encode(urn, StandardCharsets.UTF_8)), headers);
    }
}
