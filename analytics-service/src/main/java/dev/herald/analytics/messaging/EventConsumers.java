package dev.herald.analytics.messaging;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

import dev.herald.analytics.service.AnalyticsService;
import dev.herald.analytics.service.AnalyticsService.Consumed;
import dev.herald.analytics.service.CollectionService;
import dev.herald.events.EventJson;
import dev.herald.events.MetricsReport;
import dev.herald.events.PostEvent;
import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ConsumedBatch;
import dev.herald.kit.inbox.ConsumerTransactions;
import dev.herald.kit.inbox.ProcessedEvents;

/**
 * Transport adapters: the events analytics reads, from Kafka to the idempotent handlers of the services. Publish
 * results and post events come one poll at a time (one transaction per poll: these two follow every publish, and a
 * commit per event saturated the machine under load). A database or broker outage is waited out (growing pauses, up
 * to 15 minutes) rather than dead-lettering an event that is still owed; only an unreadable event goes to the
 * dead-letter topic at once, alone.
 */
@ApplicationScoped
public class EventConsumers {

    /** Publish results: the publish record of each destination; a publication opens its metric slots. */
    public static final String PUBLISH_RESULTS = "publish-results";
    /** Post events: when each post was meant to go live. */
    public static final String POST_EVENTS = "post-events";
    /** The publisher's metrics reports. */
    public static final String METRICS = "metrics";

    private final AnalyticsService analytics;
    private final CollectionService collection;
    private final ConsumerTransactions transactions;

    public EventConsumers(AnalyticsService analytics, CollectionService collection, ConsumerTransactions transactions) {
        this.analytics = analytics;
        this.collection = collection;
        this.transactions = transactions;
    }

    @Incoming(PUBLISH_RESULTS)
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> publishResults(KafkaRecordBatch<String, String> batch) {
        return ConsumedBatch.handle(
                batch,
                (message, record) -> Optional.of(new Consumed<>(
                        ProcessedEvents.eventId(record), EventJson.read(record.value(), PublishResult.class))),
                analytics::recordAll);
    }

    @Incoming(POST_EVENTS)
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> postEvents(KafkaRecordBatch<String, String> batch) {
        return ConsumedBatch.handle(batch, EventConsumers::postEvent, analytics::recordTimings);
    }

    /** A post event with its post; events without one say nothing of a post's timing. */
    private static Optional<Consumed<PostEvent>> postEvent(Object message, ConsumerRecord<String, String> record) {
        PostEvent event = EventJson.read(record.value(), PostEvent.class);
        return event.data() == null || event.data().id() == null
                ? Optional.empty()
                : Optional.of(new Consumed<>(ProcessedEvents.eventId(record), event));
    }

    @Incoming(METRICS)
    @Blocking
    public void metricsReport(ConsumerRecord<String, String> record) {
        MetricsReport report = EventJson.read(record.value(), MetricsReport.class);
        transactions.run(() -> collection.apply(ProcessedEvents.eventId(record), report, Instant.now()));
    }
}
