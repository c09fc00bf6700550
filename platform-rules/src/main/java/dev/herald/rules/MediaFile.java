package dev.herald.rules;

/**
 * What media processing measured of one file, as the per-platform checks need it.
 *
 * @param kind {@code image}, {@code gif} or {@code video}
 * @param mimeType the type sniffed from the bytes, e.g. {@code image/jpeg}
 * @param durationMillis a video's duration, else {@code null}
 */
public record MediaFile(String kind, String mimeType, long sizeBytes, int width, int height, Long durationMillis) {

    public static final String IMAGE = "image";
    public static final String GIF = "gif";
    public static final String VIDEO = "video";

    /** Width over height; 0 when a side is unknown. */
    public double aspectRatio() {
        return width <= 0 || height <= 0 ? 0 : (double) width / height;
    }
}
