package dev.herald.post;

import java.util.Collection;

/** A post's status, always derived from its destinations. */
public final class PostStatus {

    public static final String SCHEDULED = "scheduled";
    public static final String PUBLISHING = "publishing";
    public static final String PUBLISHED = "published";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
    public static final String CANCELED = "canceled";

    private PostStatus() {}

    /** Derives the post status from its destinations' statuses. */
    public static String derive(Collection<String> destinationStatuses) {
        long live = destinationStatuses.stream()
                .filter(s -> !DestinationStatus.CANCELED.equals(s))
                .count();
        if (live == 0) {
            return CANCELED;
        }
        long published = destinationStatuses.stream()
                .filter(DestinationStatus.PUBLISHED::equals)
                .count();
        long failed = destinationStatuses.stream()
                .filter(DestinationStatus.FAILED::equals)
                .count();
        long scheduled = destinationStatuses.stream()
                .filter(DestinationStatus.SCHEDULED::equals)
                .count();
        if (published == live) {
            return PUBLISHED;
        }
        if (failed == live) {
            return FAILED;
        }
        if (published + failed == live) {
            return PARTIAL;
        }
        if (scheduled == live) {
            return SCHEDULED;
        }
        return PUBLISHING;
    }

    public static boolean isFinal(String status) {
        return PUBLISHED.equals(status) || PARTIAL.equals(status) || FAILED.equals(status) || CANCELED.equals(status);
    }
}
