package dev.herald.post.rest;

import java.util.List;
import java.util.Map;

import dev.herald.post.PostContent;

/**
 * Body of {@code PATCH /v1/posts/{id}}: a field that is present replaces the stored one, an absent (or {@code null})
 * field stays as it is. To clear a value send it empty: {@code ""} for {@code link}, {@code first_comment} and
 * {@code external_id}; {@code []} for {@code media_ids} and {@code thread}; {@code {}} for {@code overrides},
 * {@code platform_options} and {@code metadata}. The fields mean what they mean in {@link CreatePostRequest}.
 */
public record UpdatePostRequest(
        String caption,
        List<String> accountIds,
        String scheduledAt,
        String timezone,
        String link,
        List<String> mediaIds,
        String firstComment,
        List<String> thread,
        Map<String, PostContent.Override> overrides,
        Map<String, Map<String, String>> platformOptions,
        String externalId,
        Map<String, String> metadata) {

    /** {@code true} when the body changes something besides caption, time and targets. */
    public boolean changesContent() {
        return link != null
                || mediaIds != null
                || firstComment != null
                || thread != null
                || overrides != null
                || platformOptions != null
                || externalId != null
                || metadata != null;
    }
}
