package dev.herald.post.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.herald.kit.error.ApiError;

/** Per-item outcome of a bulk create, in request order. */
public record BulkPostResponse(List<Item> data, int createdCount, int failedCount) {

    /**
     * One item: {@code status} 201 with the post, or the 4xx it would have had alone, with its error.
     *
     * @param post the created post, exactly as {@code POST /v1/posts} returns it
     */
    @Schema(name = "BulkPostItem")
    public record Item(
            int index,
            int status,
            // Kept as the raw JSON of the single-create answer; documented as what it is.
            @Schema(implementation = PostResponse.class) @JsonRawValue
            String post,

            ApiError.Body error) {}
}
