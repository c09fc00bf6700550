package dev.herald.post;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A post's status, always derived from its destinations. */
public final class PostStatus {

    public static final String DRAFT = "draft";
    public static final String SCHEDULED = "scheduled";
    public static final String PUBLISHING = "publishing";
    public static final String PUBLISHED = "published";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
    public static final String CANCELED = "canceled";

    private PostStatus() {}

    /** Derives the post status from its destinations' statuses (canceled ones count only when all are). */
    public static String derive(Collection<String> destinationStatuses) {
        Map<String, Long> counts =
                destinationStatuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long live = destinationStatuses.size() - counts.getOrDefault(DestinationStatus.CANCELED, 0L);
        long published = counts.getOrDefault(DestinationStatus.PUBLISHED, 0L);
        long failed = counts.getOrDefault(DestinationStatus.FAILED, 0L);
        long drafts = counts.getOrDefault(DestinationStatus.DRAFT, 0L);
        long scheduled = counts.getOrDefault(DestinationStatus.SCHEDULED, 0L);
        if (live == 0) {
            return CANCELED;
        }
        if (published == live) {
            return PUBLISHED;
        }
        if (failed == live) {
            return FAILED;
        }
        if (published + failed == live) {
            return PARTIAL;
        }
        if (drafts == live) {
            return DRAFT;
        }
        if (scheduled + drafts == live) {
            return SCHEDULED;
        }
        return PUBLISHING;
    }

    public static boolean isFinal(String status) {
        return PUBLISHED.equals(status) || PARTIAL.equals(status) || FAILED.equals(status) || CANCELED.equals(status);
    }
}
