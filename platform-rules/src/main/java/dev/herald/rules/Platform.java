package dev.herald.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The networks Herald publishes to, with their limits (from each platform's documentation, summarised in
 * {@code PLATFORMS.md}). {@link PlatformRules} checks a post against them.
 */
public enum Platform {
    /** Weighted characters, URLs 23; 4 photos or 1 GIF or 1 video. */
    X("x", 280, 4, 1, false, List.of()),
    /** 300 graphemes and 3,000 bytes; 4 images (2 MB each) or 1 video. */
    BLUESKY("bluesky", 300, 4, 1, false, List.of()),
    /** The instance's max_characters (500 by default), URLs 23; 4 attachments. */
    MASTODON("mastodon", 500, 4, 1, false, List.of()),
    /** Commentary up to 3,000 characters; 2–20 images in a multi-image post, or 1 video. */
    LINKEDIN("linkedin", 3_000, 20, 1, false, List.of()),
    /** Page posts. */
    FACEBOOK("facebook", 63_206, 10, 1, false, List.of()),
    /** No text-only posts; caption 2,200; carousel of up to 10. */
    INSTAGRAM("instagram", 2_200, 10, 1, true, List.of()),
    /** Text up to 500; carousel up to 20. */
    THREADS("threads", 500, 20, 1, false, List.of()),
    /**
     * A video is required; the title (up to 100) is the {@code title} option or else the caption's first line, so one
     * of them is needed; description up to 5,000 bytes.
     */
    YOUTUBE("youtube", 5_000, 0, 1, true, List.of()),
    /** A video (or photos) is required, with a privacy level; caption 2,200. */
    TIKTOK("tiktok", 2_200, 35, 1, true, List.of("privacy_level")),
    /** An image or video is required, and a board; description 800, title 100. */
    PINTEREST("pinterest", 800, 5, 1, true, List.of("board_id")),
    /** Herald's test platform: generous limits, nothing required. */
    SANDBOX("sandbox", 10_000, 10, 1, false, List.of());

    private final String id;
    private final int maxText;
    private final int maxImages;
    private final int maxVideos;
    private final boolean mediaRequired;
    private final List<String> requiredOptions;

    Platform(
            String id, int maxText, int maxImages, int maxVideos, boolean mediaRequired, List<String> requiredOptions) {
        this.id = id;
        this.maxText = maxText;
        this.maxImages = maxImages;
        this.maxVideos = maxVideos;
        this.mediaRequired = mediaRequired;
        this.requiredOptions = requiredOptions;
    }

    public static Optional<Platform> of(String id) {
        String wanted = id == null ? "" : id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }

    public String id() {
        return id;
    }

    public int maxText() {
        return maxText;
    }

    public int maxImages() {
        return maxImages;
    }

    public int maxVideos() {
        return maxVideos;
    }

    public boolean mediaRequired() {
        return mediaRequired;
    }

    public List<String> requiredOptions() {
        return requiredOptions;
    }
}
