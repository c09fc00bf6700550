package dev.herald.publisher.media;

/**
 * A post's file as media-service measured it: what a connector needs to choose the platform's upload path.
 *
 * @param kind {@code image}, {@code video} or {@code gif}
 * @param durationMs for video, else {@code null}
 */
public record MediaFile(
        String id,
        String kind,
        String mimeType,
        long sizeBytes,
        Integer width,
        Integer height,
        Long durationMs,
        String altText) {

    public boolean isVideo() {
        return "video".equals(kind);
    }

    /** The file name platforms that ask for one are given: the id with the type's usual extension. */
    public String filename() {
        String subtype = mimeType.substring(mimeType.indexOf('/') + 1);
        return id + "." + ("jpeg".equals(subtype) ? "jpg" : "quicktime".equals(subtype) ? "mov" : subtype);
    }
}
