package dev.herald.events;

import java.util.List;

/**
 * Kafka topic names: versioned, stable, shared by producers, consumers and
 * tests.
 */
public final class Topics {

    /**
     * Post-service to publisher-service, keyed by account id so one account's posts
     * keep their order.
     */
    public static final String PUBLISH_REQUESTS = "herald.publish.requests.v1";
    /**
     * Publisher-service to everyone interested in an attempt's outcome, keyed by
     * post id.
     */
    public static final String PUBLISH_RESULTS = "herald.publish.results.v1";
    /** Post lifecycle events (post.published, ...), keyed by post id. */
    public static final String POST_EVENTS = "herald.post.events.v1";
    /** Media lifecycle events (media.ready, media.failed), keyed by media id. */
    public static final String MEDIA_EVENTS = "herald.media.events.v1";
    /**
     * Media-service's processing jobs (uploaded bytes to sniff and check), keyed by
     * media id; internal to media-service so processing scales on its own.
     */
    public static final String MEDIA_JOBS = "herald.media.jobs.v1";
    /** Account state, compacted, keyed by account id. */
    public static final String ACCOUNTS = "herald.accounts.v1";
    /**
     * Each publisher instance's heartbeat (every few seconds), keyed by instance id: the workspace-visible publishing
     * health shows whether publishers are alive, not only when a result last came.
     */
    public static final String PUBLISHER_HEARTBEATS = "herald.publisher.heartbeats.v1";
    /** Collected metrics samples, keyed by account id. */
    public static final String METRICS = "herald.metrics.v1";
    /**
     * Analytics-service to publisher-service: collect one metrics slot (the publisher holds the credentials), keyed by
     * account id.
     */
    public static final String METRICS_REQUESTS = "herald.metrics.requests.v1";

    /** Every topic with its dead-letter topic, in creation order. */
    public static final List<String> ALL = List.of(
            PUBLISH_REQUESTS,
            PUBLISH_RESULTS,
            POST_EVENTS,
            MEDIA_EVENTS,
            MEDIA_JOBS,
            ACCOUNTS,
            METRICS,
            PUBLISHER_HEARTBEATS,
            METRICS_REQUESTS,
            dlq(PUBLISH_REQUESTS),
            dlq(PUBLISH_RESULTS),
            dlq(POST_EVENTS),
            dlq(MEDIA_EVENTS),
            dlq(MEDIA_JOBS),
            dlq(ACCOUNTS),
            dlq(METRICS),
            dlq(PUBLISHER_HEARTBEATS),
            dlq(METRICS_REQUESTS));

    private Topics() {}

    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** Compacted topics keep the latest record per key forever. */
    public static boolean isCompacted(String topic) {
        return ACCOUNTS.equals(topic);
    }
}
