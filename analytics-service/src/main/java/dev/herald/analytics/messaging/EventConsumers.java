package dev.herald.analytics.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import dev.herald.analytics.service.AnalyticsService;
import dev.herald.analytics.service.CollectionService;
import dev.herald.events.EventJson;
import dev.herald.events.MetricsReport;
import dev.herald.events.PostEvent;
import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ProcessedEvents;

/**
 * Transport adapters: the events analytics reads, from Kafka to the idempotent handlers of the services. A database or
 * broker outage is waited out (growing pauses, up to 15 minutes) rather than dead-lettering an event that is still
 * owed; only an unreadable event goes to the dead-letter topic at once.
 */
@ApplicationScoped
@Retry(
        maxRetries = -1,
        delay = 200,
        jitter = 100,
        maxDuration = 15,
        durationUnit = ChronoUnit.MINUTES,
        abortOn = IllegalArgumentException.class)
@ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
public class EventConsumers {

    /** Publish results: the publish record of each destination; a publication opens its metric slots. */
    public static final String PUBLISH_RESULTS = "publish-results";
    /** Post events: when each post was meant to go live. */
    public static final String POST_EVENTS = "post-events";
    /** The publisher's metrics reports. */
    public static final String METRICS = "metrics";

    private final AnalyticsService analytics;
    private final CollectionService collection;

    public EventConsumers(AnalyticsService analytics, CollectionService collection) {
        this.analytics = analytics;
        this.collection = collection;
    }

    @Incoming(PUBLISH_RESULTS)
    @Blocking
    public void publishResult(ConsumerRecord<String, String> record) {
        analytics.record(ProcessedEvents.eventId(record), EventJson.read(record.value(), PublishResult.class));
    }

    @Incoming(POST_EVENTS)
    @Blocking
    public void postEvent(ConsumerRecord<String, String> record) {
        analytics.recordTiming(ProcessedEvents.eventId(record), EventJson.read(record.value(), PostEvent.class));
    }

    @Incoming(METRICS)
    @Blocking
    public void metricsReport(ConsumerRecord<String, String> record) {
        collection.apply(
                ProcessedEvents.eventId(record), EventJson.read(record.value(), MetricsReport.class), Instant.now());
    }
}
