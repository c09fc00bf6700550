package dev.herald.publisher.connector.tiktok;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.connector.PostText;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.media.MediaFile;

/**
 * A TikTok photo post (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post) as checkpointed on
 * the ledger entry — its {@code publish_id} — and the rules of its {@code content/init}: 1 to 35 photos, JPEG or WebP,
 * a title of at most 90 UTF-16 units, a description of at most 4,000, {@code photo_cover_index} one of the photos.
 */
record PhotoPost(String publishId) {

    /** Marks an init sent whose answer has not been recorded yet. */
    static final String INIT_SENT = "photo-init-sent";

    static final int MAX_PHOTOS = 35;
    static final int MAX_TITLE = 90;
    static final int MAX_DESCRIPTION = 4_000;
    static final Set<String> TYPES = Set.of("image/jpeg", "image/webp");

    private static final String PREFIX = "photo ";

    static Optional<PhotoPost> parse(String checkpoint) {
        return checkpoint != null && checkpoint.startsWith(PREFIX)
                ? Optional.of(new PhotoPost(checkpoint.substring(PREFIX.length())))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return PREFIX + publishId;
    }

    /** The outcome of a photo init whose answer was lost: TikTok cannot be asked about a post without its id. */
    static PublishOutcome unknownInit() {
        return PublishOutcome.failed(
                "unknown_outcome",
                "The answer to TikTok's photo post init was lost, and TikTok cannot be asked about a post without the"
                        + " id it answers. Check the account before retrying: a retry could post the photos twice.");
    }

    /** What TikTok would refuse, refused before any URL is signed or TikTok is called. */
    static PublishOutcome refusal(PublishRequest request, List<MediaFile> files) {
        if (files.size() > MAX_PHOTOS) {
            return PublishOutcome.failed(
                    "media_invalid", "A TikTok photo post has at most 35 photos; this one has " + files.size() + ".");
        }
        for (MediaFile file : files) {
            if (!TYPES.contains(file.mimeType())) {
                return PublishOutcome.failed(
                        "media_unsupported",
                        "TikTok takes JPEG or WebP photos; " + file.id() + " is " + file.mimeType() + ".");
            }
        }
        if (title(request).length() > MAX_TITLE) {
            return PublishOutcome.failed("content_rejected", "A TikTok photo post's title is at most 90 characters.");
        }
        if (PostText.withLink(request).length() > MAX_DESCRIPTION) {
            return PublishOutcome.failed(
                    "content_rejected", "A TikTok photo post's description is at most 4,000 characters.");
        }
        String cover = request.options().get("photo_cover_index");
        if ((cover != null && !cover.matches("\\d{1,2}")) || coverIndex(request) >= files.size()) {
            return PublishOutcome.failed(
                    "content_rejected",
                    "photo_cover_index is the position of one of the post's photos, 0 to " + (files.size() - 1)
                            + "; not '" + cover + "'.");
        }
        return null;
    }

    /** The {@code photo_cover_index} option, 0-based; the first photo by default. */
    static int coverIndex(PublishRequest request) {
        String cover = request.options().get("photo_cover_index");
        return cover == null || !cover.matches("\\d{1,2}") ? 0 : Integer.parseInt(cover);
    }

    /** The {@code title} option; without one the post has no title, only its description (the caption). */
    static String title(PublishRequest request) {
        String title = request.options().get("title");
        return title == null ? "" : title.strip();
    }

    /**
     * {@code post_info}: the caption (with the link) as description, the title option, the audience, and comments
     * off when the creator turned them off in the app (as TikTok's guidelines require) or the options ask.
     */
    static ObjectNode postInfo(PublishRequest request, JsonNode creator, String privacy) {
        ObjectNode info = PlatformHttp.object()
                .put("description", PostText.withLink(request))
                .put("privacy_level", privacy)
                .put(
                        "disable_comment",
                        creator.path("comment_disabled").asBoolean()
                                || Boolean.parseBoolean(request.options().get("disable_comment")))
                .put("auto_add_music", Boolean.parseBoolean(request.options().get("auto_add_music")));
        if (!title(request).isEmpty()) {
            info.put("title", title(request));
        }
        return info;
    }
}
