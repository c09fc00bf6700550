package dev.herald.publisher.connector;

/**
 * A file a platform holds ready for a post — its id there (a media id, a video URN) — or, when it is not ready, how
 * the attempt that prepared it ends.
 */
public record UploadedMedia(String id, PublishOutcome outcome) {

    public static UploadedMedia ready(String id) {
        return new UploadedMedia(id, null);
    }

    public static UploadedMedia ended(PublishOutcome outcome) {
        return new UploadedMedia(null, outcome);
    }
}
