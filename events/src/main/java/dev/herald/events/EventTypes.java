package dev.herald.events;

/**
 * Stable event type strings (never Java class names); they are the CloudEvents
 * {@code type}.
 */
public final class EventTypes {

    public static final String PUBLISH_REQUESTED = "publish.requested";
    public static final String PUBLISH_RESULT = "publish.result";
    /** A publisher instance is alive (internal; not a webhook event). */
    public static final String PUBLISHER_HEARTBEAT = "publisher.heartbeat";

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
    /** The account's token will expire soon and cannot be refreshed without the user (carries a reconnect URL). */
    public static final String ACCOUNT_EXPIRING = "account.expiring";
    /** The account's token expired or was revoked; its posts fail until it is reconnected. */
    public static final String ACCOUNT_EXPIRED = "account.expired";

    public static final String DESTINATION_PUBLISHED = "destination.published";
    public static final String DESTINATION_FAILED = "destination.failed";
    public static final String DESTINATION_RETRYING = "destination.retrying";

    /** Uploaded bytes wait to be sniffed, measured and checked (media-service's own work queue). */
    public static final String MEDIA_PROCESS_REQUESTED = "media.process_requested";

    public static final String MEDIA_READY = "media.ready";
    public static final String MEDIA_FAILED = "media.failed";

    /** Analytics asks the publisher to collect one metrics slot (internal; not a webhook event). */
    public static final String METRICS_REQUESTED = "metrics.requested";
    /** The publisher's answer: a metrics sample, or why there is none (internal; not a webhook event). */
    public static final String METRICS_REPORTED = "metrics.reported";

    /** Sent on demand to one webhook endpoint to check the integration. */
    public static final String WEBHOOK_TEST = "webhook.test";

    private EventTypes() {}
}
