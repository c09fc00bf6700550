package dev.herald.analytics.rest;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.herald.analytics.PublishRecord;
import dev.herald.analytics.service.AnalyticsService;
import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.security.Caller;

/** The public analytics API. */
@Path("/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics", description = "What was published where.")
public class AnalyticsResource {

    private final AnalyticsService analytics;
    private final Caller caller;

    public AnalyticsResource(AnalyticsService analytics, Caller caller) {
        this.analytics = analytics;
        this.caller = caller;
    }

    /** A post's publish records, one per destination. */
    @GET
    @Operation(summary = "The publish record of each destination of a post")
    public Records forPost(@QueryParam("post_id") String postId) {
        if (postId == null || postId.isBlank()) {
            throw ApiException.invalid(
                    "post_id is required.",
                    List.of(new ApiError.Detail("post_id", "required", "Pass ?post_id=post_…")));
        }
        return new Records(analytics.forPost(caller.workspaceId(), postId).stream()
                .map(Item::from)
                .toList());
    }

    /** The records of one post. */
    @Schema(name = "PublishRecords")
    public record Records(List<Item> data) {}

    /** One destination's publication. */
    @Schema(name = "PublishRecord")
    public record Item(
            String object,
            String postId,
            String destinationId,
            String accountId,
            String platform,
            String status,
            String platformPostId,
            String permalink,
            String errorCode,
            Instant publishedAt) {

        static Item from(PublishRecord record) {
            return new Item(
                    "publish_record",
                    record.postId(),
                    record.destinationId(),
                    record.accountId(),
                    record.platform(),
                    record.status(),
                    record.platformPostId(),
                    record.permalink(),
                    record.errorCode(),
                    record.publishedAt());
        }
    }
}
