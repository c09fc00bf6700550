package dev.herald.post;

/** The lifecycle of one destination: {@code scheduled -> queued -> published | retrying -> … | failed}. */
public final class DestinationStatus {

    public static final String SCHEDULED = "scheduled";
    public static final String QUEUED = "queued";
    public static final String RETRYING = "retrying";
    public static final String PUBLISHED = "published";
    public static final String FAILED = "failed";
    public static final String CANCELED = "canceled";

    private DestinationStatus() {}

    public static boolean isFinal(String status) {
        return PUBLISHED.equals(status) || FAILED.equals(status) || CANCELED.equals(status);
    }
}
