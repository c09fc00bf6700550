package dev.herald.events;

/**
 * Stable event type strings (never Java class names); they are the CloudEvents
 * {@code type}.
 */
public final class EventTypes {

    public static final String PUBLISH_REQUESTED = "publish.requested";
    public static final String PUBLISH_RESULT = "publish.result";

    public static final String POST_CREATED = "post.created";
    public static final String POST_UPDATED = "post.updated";
    public static final String POST_SCHEDULED = "post.scheduled";
    public static final String POST_CANCELED = "post.canceled";
    public static final String POST_PUBLISHED = "post.published";
    public static final String POST_PARTIALLY_PUBLISHED = "post.partially_published";
    public static final String POST_FAILED = "post.failed";
    /** A destination is still not final well after its due time (the watchdog; at most once per destination). */
    public static final String POST_LATE = "post.late";
    /** Shortly before its due time a destination's account or media is not ready (the preflight; at most once). */
    public static final String POST_AT_RISK = "post.at_risk";

    public static final String ACCOUNT_CONNECTED = "account.connected";
    public static final String ACCOUNT_DISCONNECTED = "account.disconnected";

    public static final String MEDIA_READY = "media.ready";
    public static final String MEDIA_FAILED = "media.failed";

    private EventTypes() {}
}
