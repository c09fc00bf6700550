package dev.herald.rules;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether one media file can go to each platform, from each platform's documented media limits (summarised in
 * {@code PLATFORMS.md}; where it is silent, the platform's own help pages as of 2026-11, noted beside the value).
 * Answers {@code ok} or the first reason it cannot: {@code unsupported_format}, {@code too_large}, {@code too_long},
 * {@code aspect_ratio}, {@code dimensions_too_large}.
 */
public final class MediaRules {

    public static final String OK = "ok";
    public static final String UNSUPPORTED_FORMAT = "unsupported_format";
    public static final String TOO_LARGE = "too_large";
    public static final String TOO_LONG = "too_long";
    public static final String ASPECT_RATIO = "aspect_ratio";
    public static final String DIMENSIONS_TOO_LARGE = "dimensions_too_large";

    private static final long MB = MediaLimits.MB;
    private static final Set<String> GIF = Set.of("image/gif");
    private static final Set<String> JPEG = Set.of("image/jpeg");
    private static final Set<String> MP4 = Set.of("video/mp4");

    private static final Map<Platform, MediaLimits> LIMITS = limits();

    private MediaRules() {}

    private static Map<Platform, MediaLimits> limits() {
        Map<Platform, MediaLimits> limits = new EnumMap<>(Platform.class);
        // PLATFORMS.md: image 5 MB, GIF 15 MB, video 512 MB; X's media guide: video up to 140 s, 8192 px per side.
        limits.put(
                Platform.X,
                new MediaLimits(
                        MediaLimits.STILL, 5 * MB, 15 * MB, MediaLimits.MP4_MOV, 512 * MB, 140_000, 0, 0, 8192));
        // PLATFORMS.md: images up to 2,000,000 bytes, video mp4 up to 300 MB; Bluesky: video up to 3 min.
        limits.put(
                Platform.BLUESKY,
                new MediaLimits(MediaLimits.STILL, 2_000_000, 2_000_000, MP4, 300 * MB, 180_000, 0, 0, 0));
        // Mastodon's defaults (instance configuration.media_attachments): images 16 MB, video 99 MB.
        limits.put(
                Platform.MASTODON,
                new MediaLimits(MediaLimits.STILL, 16 * MB, 16 * MB, MediaLimits.MP4_MOV, 99 * MB, 0, 0, 0, 0));
        // LinkedIn images API: JPEG/PNG/GIF up to 36,152,320 pixels; video 75 KB to 500 MB, 3 s to 30 min.
        limits.put(
                Platform.LINKEDIN,
                new MediaLimits(
                        Set.of("image/jpeg", "image/png"), 8 * MB, 8 * MB, MP4, 500 * MB, 1_800_000, 0, 0, 6012));
        // Facebook pages: photos up to 10 MB (JPEG, PNG, GIF, WebP), videos up to 1 GB here (4 GB on desktop).
        limits.put(
                Platform.FACEBOOK,
                new MediaLimits(MediaLimits.STILL, 10 * MB, 10 * MB, MediaLimits.MP4_MOV, 1024 * MB, 0, 0, 0, 0));
        // PLATFORMS.md: Instagram takes a public JPEG; its content publishing guide: 8 MB, aspect 4:5 to 1.91:1,
        // reels up to 300 MB and 15 min. No GIFs.
        limits.put(
                Platform.INSTAGRAM,
                new MediaLimits(JPEG, 8 * MB, 0, MediaLimits.MP4_MOV, 300 * MB, 900_000, 0.8, 1.91, 0));
        // Threads: JPEG/PNG up to 8 MB, video up to 1 GB and 5 min; aspect 0.01:1 to 10:1.
        limits.put(
                Platform.THREADS,
                new MediaLimits(
                        Set.of("image/jpeg", "image/png"),
                        8 * MB,
                        0,
                        MediaLimits.MP4_MOV,
                        1024 * MB,
                        300_000,
                        0.01,
                        10,
                        0));
        // YouTube takes only video (PLATFORMS.md), no practical size limit for Herald (256 GB), 12 h.
        limits.put(
                Platform.YOUTUBE,
                new MediaLimits(Set.of(), 0, 0, MediaLimits.MP4_MOV, 256L * 1024 * MB, 43_200_000, 0, 0, 0));
        // TikTok content posting API: MP4/WebM/MOV up to 4 GB and 10 min; photos JPEG/WebP up to 20 MB.
        limits.put(
                Platform.TIKTOK,
                new MediaLimits(
                        Set.of("image/jpeg", "image/webp"),
                        20 * MB,
                        0,
                        MediaLimits.MP4_MOV,
                        4096L * MB,
                        600_000,
                        0,
                        0,
                        0));
        // Pinterest: images up to 20 MB (BMP, JPEG, PNG, TIFF, GIF, WebP), video up to 2 GB, 4 s to 15 min.
        limits.put(
                Platform.PINTEREST,
                new MediaLimits(
                        MediaLimits.STILL, 20 * MB, 20 * MB, MediaLimits.MP4_MOV, 2048L * MB, 900_000, 0, 0, 0));
        // The sandbox takes what Herald takes.
        limits.put(
                Platform.SANDBOX,
                new MediaLimits(MediaLimits.STILL, 1024 * MB, 1024 * MB, MediaLimits.MP4_MOV, 4096L * MB, 0, 0, 0, 0));
        return limits;
    }

    public static MediaLimits limitsOf(Platform platform) {
        return LIMITS.get(platform);
    }

    /** {@code ok} or why {@code file} cannot be posted to {@code platform}. */
    public static String check(Platform platform, MediaFile file) {
        MediaLimits limits = LIMITS.get(platform);
        long maxBytes;
        boolean typeAccepted;
        switch (file.kind()) {
            case MediaFile.GIF -> {
                maxBytes = limits.maxGifBytes();
                typeAccepted = maxBytes > 0 && GIF.contains(file.mimeType());
            }
            case MediaFile.VIDEO -> {
                maxBytes = limits.maxVideoBytes();
                typeAccepted = limits.videoTypes().contains(file.mimeType());
            }
            default -> {
                maxBytes = limits.maxImageBytes();
                typeAccepted = limits.imageTypes().contains(file.mimeType());
            }
        }
        if (!typeAccepted || maxBytes <= 0) {
            return UNSUPPORTED_FORMAT;
        }
        if (file.sizeBytes() > maxBytes) {
            return TOO_LARGE;
        }
        if (MediaFile.VIDEO.equals(file.kind())
                && limits.maxVideoMillis() > 0
                && file.durationMillis() != null
                && file.durationMillis() > limits.maxVideoMillis()) {
            return TOO_LONG;
        }
        if (limits.maxPixelsPerSide() > 0
                && (file.width() > limits.maxPixelsPerSide() || file.height() > limits.maxPixelsPerSide())) {
            return DIMENSIONS_TOO_LARGE;
        }
        double aspect = file.aspectRatio();
        if (aspect > 0
                && ((limits.minAspect() > 0 && aspect < limits.minAspect() - 0.005)
                        || (limits.maxAspect() > 0 && aspect > limits.maxAspect() + 0.005))) {
            return ASPECT_RATIO;
        }
        return OK;
    }

    /** Every platform's verdict, by platform id, in {@link Platform} order. */
    public static Map<String, String> checkAll(MediaFile file) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (Platform platform : Platform.values()) {
            verdicts.put(platform.id(), check(platform, file));
        }
        return verdicts;
    }
}
