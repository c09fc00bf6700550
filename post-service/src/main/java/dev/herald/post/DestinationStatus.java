package dev.herald.post;

/** The lifecycle of one destination: {@code draft | scheduled -> queued -> published | retrying -> … | failed | canceled}. */
public final class DestinationStatus {

    /** Not to be published until the post is scheduled or published. */
    public static final String DRAFT = "draft";

    public static final String SCHEDULED = "scheduled";
    public static final String QUEUED = "queued";
    public static final String RETRYING = "retrying";
    public static final String PUBLISHED = "published";
    public static final String FAILED = "failed";
    public static final String CANCELED = "canceled";

    private DestinationStatus() {}

    /** Not handed to the publisher yet: the post may still be edited or canceled. */
    public static boolean isEditable(String status) {
        return DRAFT.equals(status) || SCHEDULED.equals(status);
    }

    /** With the publisher, or done there: the publication can no longer be stopped or changed. */
    public static boolean isWithPublisher(String status) {
        return QUEUED.equals(status) || PUBLISHED.equals(status);
    }

    public static boolean isFinal(String status) {
        return PUBLISHED.equals(status) || FAILED.equals(status) || CANCELED.equals(status);
    }
}
