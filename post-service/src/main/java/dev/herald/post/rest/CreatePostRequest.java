package dev.herald.post.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.herald.post.PostContent;

/**
 * Body of {@code POST /v1/posts} and {@code POST /v1/posts/validate}.
 *
 * @param platforms targets every connected account of these platforms (with {@code account_ids}, deduplicated)
 * @param scheduledAt ISO-8601 with an offset ({@code 2026-12-01T09:00:00Z}), or a local time
 *            ({@code 2026-12-01T09:00:00}) read in {@code timezone}
 * @param timezone IANA zone, e.g. {@code Europe/Paris}
 * @param mode {@code publish_now} (default without {@code scheduled_at}), {@code schedule} (default with it),
 *            {@code queue} (default with {@code queue_id}: the queue's next free slot) or {@code draft}
 * @param queueId the queue of a queue post; its accounts are the default targets
 * @param externalId the caller's own reference, searchable
 * @param metadata up to 20 string pairs kept with the post
 * @param link a URL to share (X counts it as 23 characters)
 * @param mediaIds the workspace's ready media, in order
 * @param firstComment posted as the first comment (a reply on X, Bluesky, Threads, Mastodon)
 * @param thread follow-up parts, each a post of its own (X, Bluesky, Threads, Mastodon)
 * @param overrides per account id, a caption and/or media to use instead of the post's
 * @param platformOptions per platform id, that platform's options (e.g. {@code {"youtube": {"title": "…"}}})
 * @param media files to import from URLs (media-service fetches them, SSRF-guarded); they follow {@code media_ids}
 */
public record CreatePostRequest(
        String caption,
        List<String> accountIds,
        List<String> platforms,
        String scheduledAt,
        String timezone,
        String mode,
        String queueId,
        String externalId,
        Map<String, String> metadata,
        String link,
        List<String> mediaIds,
        String firstComment,
        List<String> thread,
        Map<String, PostContent.Override> overrides,
        Map<String, Map<String, String>> platformOptions,
        List<MediaUrl> media) {

    /** A file to import: its URL and, optionally, its alt text. */
    public record MediaUrl(String url, String altText) {}

    /** This request once its {@code media} are imported: their ids appended to {@code media_ids}. */
    public CreatePostRequest withImported(List<String> importedIds) {
        List<String> all = new ArrayList<>(mediaIds == null ? List.of() : mediaIds);
        all.addAll(importedIds);
        return new CreatePostRequest(
                caption,
                accountIds,
                platforms,
                scheduledAt,
                timezone,
                mode,
                queueId,
                externalId,
                metadata,
                link,
                all,
                firstComment,
                thread,
                overrides,
                platformOptions,
                null);
    }
}
