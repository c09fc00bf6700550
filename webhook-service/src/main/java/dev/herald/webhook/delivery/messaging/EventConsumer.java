package dev.herald.webhook.delivery.messaging;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

import dev.herald.events.Topics;
import dev.herald.kit.inbox.ConsumedBatch;
import dev.herald.kit.tracing.TraceContext;
import dev.herald.webhook.delivery.service.DeliveryPlanner;
import dev.herald.webhook.event.Envelope;
import dev.herald.webhook.event.service.EnvelopeMapper;

/**
 * Transport adapter: every topic whose events tenants receive, to {@link DeliveryPlanner}. Post events, attempt
 * outcomes (destination.*), media and account events each come on their own channel (own offsets, own dead-letter
 * topic). Each poll's records come as one batch and are planned in one transaction (one commit per poll, not per
 * event: the consumer's throughput under load); an unreadable record alone goes to the dead-letter topic.
 */
@ApplicationScoped
public class EventConsumer {

    public static final String POST_EVENTS = "post-events";
    public static final String PUBLISH_RESULTS = "publish-results";
    public static final String MEDIA_EVENTS = "media-events";
    public static final String ACCOUNTS = "accounts";

    private final DeliveryPlanner planner;

    public EventConsumer(DeliveryPlanner planner) {
        this.planner = planner;
    }

    @Incoming(POST_EVENTS)
    @Incoming(PUBLISH_RESULTS)
    @Incoming(MEDIA_EVENTS)
    @Incoming(ACCOUNTS)
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        // Waits out a database outage (the planner retries) before the poll is acknowledged.
        return ConsumedBatch.handle(batch, EventConsumer::consumed, planner::planAll);
    }

    /** The record as a tenant event, if tenants get it; IllegalArgumentException when it cannot be read. */
    private static Optional<DeliveryPlanner.Consumed> consumed(
            KafkaRecord<String, String> message, ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Optional.empty(); // a tombstone on the compacted accounts topic
        }
        ConsumedEvent event = ConsumedEvent.of(record);
        Optional<Envelope> envelope = switch (record.topic()) {
            case Topics.POST_EVENTS -> EnvelopeMapper.fromPostEvent(event.id(), event.type(), record.value());
            case Topics.PUBLISH_RESULTS -> EnvelopeMapper.fromPublishResult(event.id(), record.value());
            case Topics.MEDIA_EVENTS -> EnvelopeMapper.fromRecord(event.id(), event.type(), "media.", record.value());
            case Topics.ACCOUNTS -> EnvelopeMapper.fromRecord(event.id(), event.type(), "account.", record.value());
            default -> Optional.empty();
        };
        // The delivery is sent later by the dispatcher: it keeps the trace of the record's consumer span.
        TraceContext trace = TraceContext.of(TraceContext.of(message));
        return envelope.map(e -> new DeliveryPlanner.Consumed(event.id(), e, trace));
    }
}
