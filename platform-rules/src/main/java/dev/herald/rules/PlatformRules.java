package dev.herald.rules;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a draft against one platform's limits; every problem is reported, not just the first. */
public final class PlatformRules {

    private PlatformRules() {}

    public static List<Problem> check(Platform platform, PostDraft draft) {
        return check(platform, draft, Instant.now());
    }

    /** The same, with {@code now} the instant a time given in the options must come after. */
    public static List<Problem> check(Platform platform, PostDraft draft, Instant now) {
        List<Problem> problems = new ArrayList<>();
        String text = draft.text() == null ? "" : draft.text();
        int length = length(platform, text);
        if (length > platform.maxText()) {
            problems.add(new Problem(
                    "caption",
                    "text_too_long",
                    "%s allows %d %s; this text has %d."
                            .formatted(name(platform), platform.maxText(), unit(platform), length)));
        }
        if (platform == Platform.BLUESKY && TextCounter.utf8Bytes(text) > 3_000) {
            problems.add(new Problem("caption", "text_too_long", "Bluesky allows 3,000 bytes of UTF-8 text."));
        }
        if (platform == Platform.YOUTUBE && TextCounter.utf8Bytes(text) > 5_000) {
            problems.add(new Problem("caption", "text_too_long", "YouTube descriptions are at most 5,000 bytes."));
        }
        int media = draft.images() + draft.videos();
        if (platform.mediaRequired() && media == 0) {
            problems.add(new Problem("media", "media_required", name(platform) + " does not take text-only posts."));
        }
        if (platform == Platform.YOUTUBE && draft.videos() == 0 && media > 0) {
            problems.add(new Problem("media", "video_required", "YouTube needs a video."));
        }
        if (draft.images() > platform.maxImages()) {
            problems.add(new Problem(
                    "media",
                    "too_many_images",
                    "%s takes at most %d images.".formatted(name(platform), platform.maxImages())));
        }
        if (draft.videos() > platform.maxVideos()) {
            problems.add(new Problem(
                    "media",
                    "too_many_videos",
                    "%s takes at most %d video.".formatted(name(platform), platform.maxVideos())));
        }
        if (draft.videos() > 0 && draft.images() > 0 && platform != Platform.FACEBOOK) {
            problems.add(new Problem("media", "mixed_media", name(platform) + " takes images or a video, not both."));
        }
        if (text.isBlank() && media == 0 && !platform.mediaRequired()) {
            problems.add(new Problem("caption", "text_required", name(platform) + " needs text."));
        }
        for (String option : platform.requiredOptions()) {
            String value = draft.options() == null ? null : draft.options().get(option);
            if (value == null || value.isBlank()) {
                problems.add(new Problem(
                        "platform_options." + option,
                        "option_required",
                        "%s needs %s.".formatted(name(platform), option)));
            }
        }
        if (platform == Platform.YOUTUBE
                && text.isBlank()
                && (draft.options() == null
                        || draft.options().get("title") == null
                        || draft.options().get("title").isBlank())) {
            problems.add(new Problem(
                    "platform_options.title",
                    "option_required",
                    "YouTube needs a title: the title option, or a caption whose first line becomes it."));
        }
        if (platform == Platform.YOUTUBE
                && draft.options() != null
                && draft.options().get("title") != null
                && TextCounter.codePoints(draft.options().get("title")) > 100) {
            problems.add(new Problem("platform_options.title", "too_long", "YouTube titles are at most 100."));
        }
        if (platform == Platform.PINTEREST
                && draft.options() != null
                && draft.options().get("title") != null
                && TextCounter.codePoints(draft.options().get("title")) > 100) {
            problems.add(new Problem("platform_options.title", "too_long", "Pin titles are at most 100."));
        }
        if (platform == Platform.TIKTOK && draft.options() != null) {
            problems.addAll(checkTikTokPhotos(draft));
        }
        if (platform == Platform.YOUTUBE
                && draft.options() != null
                && draft.options().get("publish_at") != null) {
            problems.addAll(checkPublishAt(draft.options(), now));
        }
        return problems;
    }

    /**
     * A TikTok photo post's {@code title} (at most 90 UTF-16 units) and {@code photo_cover_index} (one of the photos,
     * from 0) (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post).
     */
    private static List<Problem> checkTikTokPhotos(PostDraft draft) {
        List<Problem> problems = new ArrayList<>();
        String title = draft.options().get("title");
        if (title != null && title.strip().length() > 90) {
            problems.add(new Problem(
                    "platform_options.title", "too_long", "A TikTok photo post's title is at most 90 characters."));
        }
        String cover = draft.options().get("photo_cover_index");
        if (cover != null && (!cover.matches("\\d{1,2}") || Integer.parseInt(cover) >= Math.max(1, draft.images()))) {
            problems.add(new Problem(
                    "platform_options.photo_cover_index",
                    "invalid_option",
                    "photo_cover_index is the position of one of the photos, from 0."));
        }
        return problems;
    }

    /**
     * YouTube's {@code status.publishAt}: an ISO-8601 date-time with an offset, in the future, and only for a private
     * video — YouTube keeps the video private until then (https://developers.google.com/youtube/v3/docs/videos).
     */
    private static List<Problem> checkPublishAt(Map<String, String> options, Instant now) {
        List<Problem> problems = new ArrayList<>();
        String privacy = options.get("privacy");
        if (privacy != null && !privacy.isBlank() && !"private".equals(privacy)) {
            problems.add(new Problem(
                    "platform_options.privacy",
                    "option_conflict",
                    "A YouTube video scheduled with publish_at stays private until then; privacy must be private or"
                            + " absent, not '" + privacy + "'."));
        }
        try {
            Instant at = OffsetDateTime.parse(options.get("publish_at")).toInstant();
            if (!at.isAfter(now)) {
                problems.add(new Problem(
                        "platform_options.publish_at",
                        "not_in_future",
                        "publish_at (" + at + ") must be in the future."));
            }
        } catch (DateTimeParseException e) {
            problems.add(new Problem(
                    "platform_options.publish_at",
                    "invalid_datetime",
                    "publish_at is an ISO-8601 date-time with an offset, e.g. 2026-12-24T18:00:00Z."));
        }
        return problems;
    }

    /**
     * Checks what goes beyond the first post: follow-up thread parts (X, Bluesky, Threads and Mastodon chain
     * replies; each part is a post of its own and is measured as one) and a first comment (not on TikTok or
     * Pinterest).
     */
    public static List<Problem> checkExtras(Platform platform, List<String> thread, String firstComment) {
        List<Problem> problems = new ArrayList<>();
        if (thread != null && !thread.isEmpty()) {
            if (!supportsThreads(platform)) {
                problems.add(new Problem("thread", "thread_not_supported", name(platform) + " has no threads."));
            } else {
                for (int i = 0; i < thread.size(); i++) {
                    int length = length(platform, thread.get(i));
                    if (length > platform.maxText()) {
                        problems.add(new Problem(
                                "thread[" + i + "]",
                                "text_too_long",
                                "%s allows %d %s; this part has %d."
                                        .formatted(name(platform), platform.maxText(), unit(platform), length)));
                    }
                }
            }
        }
        if (firstComment != null && !supportsFirstComment(platform)) {
            problems.add(new Problem(
                    "first_comment", "first_comment_not_supported", name(platform) + " has no first comment."));
        } else if (firstComment != null && length(platform, firstComment) > platform.maxText()) {
            problems.add(new Problem(
                    "first_comment",
                    "text_too_long",
                    "The first comment is longer than " + name(platform) + " allows."));
        }
        return problems;
    }

    public static boolean supportsThreads(Platform platform) {
        return switch (platform) {
            case X, BLUESKY, THREADS, MASTODON, SANDBOX -> true;
            default -> false;
        };
    }

    public static boolean supportsFirstComment(Platform platform) {
        return platform != Platform.TIKTOK && platform != Platform.PINTEREST;
    }

    /** The length the platform would measure. */
    public static int length(Platform platform, String text) {
        return switch (platform) {
            case X -> TextCounter.xWeighted(text);
            case BLUESKY -> TextCounter.graphemes(text);
            case MASTODON -> TextCounter.codePointsWithUrlsAs(text, 23);
            default -> TextCounter.codePoints(text);
        };
    }

    private static String unit(Platform platform) {
        return switch (platform) {
            case X -> "weighted characters (URLs count 23)";
            case BLUESKY -> "graphemes";
            default -> "characters";
        };
    }

    private static String name(Platform platform) {
        return switch (platform) {
            case X -> "X";
            case LINKEDIN -> "LinkedIn";
            case YOUTUBE -> "YouTube";
            case TIKTOK -> "TikTok";
            default ->
                platform.id().substring(0, 1).toUpperCase() + platform.id().substring(1);
        };
    }
}
