package dev.herald.post.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.post.Destination;
import dev.herald.post.Post;
import dev.herald.post.PostContent;

/** A post as the API shows it, with its destinations. */
@Schema(name = "Post")
public record PostResponse(
        String id,
        String object,
        String status,
        String caption,
        Instant scheduledAt,
        String timezone,
        String externalId,
        String queueId,
        Map<String, String> metadata,
        String link,
        List<String> mediaIds,
        String firstComment,
        List<String> thread,
        Map<String, PostContent.Override> overrides,
        Map<String, Map<String, String>> platformOptions,
        Instant createdAt,
        Instant updatedAt,
        List<DestinationResponse> destinations) {

    private static final ObjectMapper METADATA = new ObjectMapper();

    public static PostResponse from(Post post) {
        PostContent content = post.content();
        return new PostResponse(
                post.id(),
                "post",
                post.status(),
                post.caption(),
                post.scheduledAt(),
                post.timezone(),
                post.externalId(),
                post.queueId(),
                metadata(post.metadata()),
                content.link(),
                content.mediaIds(),
                content.firstComment(),
                content.thread(),
                content.overrides(),
                Post.allOptions(post.platformOptions()),
                post.createdAt(),
                post.updatedAt(),
                post.destinations().stream().map(DestinationResponse::from).toList());
    }

    private static Map<String, String> metadata(String json) {
        try {
            return json == null ? null : METADATA.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One destination: where the post goes and how far it got. */
    @Schema(name = "Destination")
    public record DestinationResponse(
            String id,
            String accountId,
            String platform,
            String status,
            String platformPostId,
            String permalink,
            Error error,
            int attempts,
            Instant nextRetryAt,
            Instant publishedAt,
            AtRisk atRisk) {

        public static DestinationResponse from(Destination destination) {
            Error error = destination.errorCode() == null
                    ? null
                    : new Error(destination.errorCode(), destination.errorMessage());
            return new DestinationResponse(
                    destination.id(),
                    destination.accountId(),
                    destination.platform(),
                    destination.status(),
                    destination.platformPostId(),
                    destination.permalink(),
                    error,
                    destination.attempts(),
                    destination.nextRetryAt(),
                    destination.publishedAt(),
                    destination.atRiskAt() == null
                            ? null
                            : new AtRisk(
                                    destination.atRiskCode(), destination.atRiskMessage(), destination.atRiskAt()));
        }
    }

    /** Found by the preflight shortly before the due time: why this destination is likely to fail. */
    @Schema(name = "DestinationAtRisk")
    public record AtRisk(String code, String message, Instant detectedAt) {}

    /** Why the last attempt failed. */
    @Schema(name = "DestinationError")
    public record Error(String code, String message) {}
}
