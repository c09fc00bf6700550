package dev.herald.rules;

import java.util.Set;

/**
 * One platform's limits on a single media file, as data: accepted types, largest size per kind, longest video and
 * the accepted aspect ratios. {@code 0} for a size means the kind is not accepted at all.
 *
 * @param imageTypes accepted still-image types (GIFs are checked as {@code gifTypes})
 * @param minAspect smallest width/height accepted, {@code 0} for no limit
 * @param maxAspect largest width/height accepted, {@code 0} for no limit
 */
public record MediaLimits(
        Set<String> imageTypes,
        long maxImageBytes,
        long maxGifBytes,
        Set<String> videoTypes,
        long maxVideoBytes,
        long maxVideoMillis,
        double minAspect,
        double maxAspect,
        int maxPixelsPerSide) {

    static final long MB = 1024L * 1024;
    static final Set<String> STILL = Set.of("image/jpeg", "image/png", "image/webp");
    static final Set<String> MP4_MOV = Set.of("video/mp4", "video/quicktime");
}
