package dev.herald.media.rest;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.media.MediaItem;

/**
 * A media item as the API shows it.
 *
 * @param compatibility per platform id, {@code ok} or why not ({@code too_large}, {@code unsupported_format}, …)
 */
@Schema(name = "Media")
public record MediaResponse(
        String id,
        String object,
        String status,
        String source,
        String filename,
        String altText,
        String kind,
        String mimeType,
        Long sizeBytes,
        Integer width,
        Integer height,
        Long durationMs,
        String videoCodec,
        String sha256,
        String thumbnailUrl,
        Map<String, String> compatibility,
        Error error,
        Instant createdAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why processing refused the file. */
    @Schema(name = "MediaError")
    public record Error(String code, String message) {}

    static MediaResponse from(MediaItem item) {
        return new MediaResponse(
                item.id(),
                "media",
                item.status(),
                item.source(),
                item.filename(),
                item.altText(),
                item.kind(),
                item.contentType(),
                item.sizeBytes(),
                item.width(),
                item.height(),
                item.durationMs(),
                item.videoCodec(),
                item.sha256(),
                item.thumbnailKey() == null ? null : "/v1/media/" + item.id() + "/thumbnail",
                compatibility(item.compatibility()),
                item.errorCode() == null ? null : new Error(item.errorCode(), item.errorMessage()),
                item.createdAt());
    }

    private static Map<String, String> compatibility(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, new TypeReference<java.util.LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable compatibility " + json, e);
        }
    }
}
