package dev.herald.webhook.delivery.messaging;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import dev.herald.events.Topics;
import dev.herald.webhook.delivery.service.DeliveryPlanner;
import dev.herald.webhook.event.Envelope;
import dev.herald.webhook.event.service.EnvelopeMapper;

/**
 * Transport adapter: every topic whose events tenants receive, to {@link DeliveryPlanner}. Post events, attempt
 * outcomes (destination.*), media and account events each come on their own channel (own offsets, own dead-letter
 * topic).
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
    // A database or broker outage is waited out (growing pauses, up to 15 minutes) rather than dead-lettering an
    // event that is still owed; only an unreadable event goes to the dead-letter topic at once.
    @Retry(
            maxRetries = -1,
            delay = 200,
            jitter = 100,
            maxDuration = 15,
            durationUnit = ChronoUnit.MINUTES,
            abortOn = IllegalArgumentException.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // a tombstone on the compacted accounts topic
        }
        ConsumedEvent event = ConsumedEvent.of(record);
        Optional<Envelope> envelope = switch (record.topic()) {
            case Topics.POST_EVENTS -> EnvelopeMapper.fromPostEvent(event.id(), event.type(), record.value());
            case Topics.PUBLISH_RESULTS -> EnvelopeMapper.fromPublishResult(event.id(), record.value());
            case Topics.MEDIA_EVENTS -> EnvelopeMapper.fromRecord(event.id(), event.type(), "media.", record.value());
            case Topics.ACCOUNTS -> EnvelopeMapper.fromRecord(event.id(), event.type(), "account.", record.value());
            default -> Optional.empty();
        };
        envelope.ifPresent(e -> planner.plan(event.id(), e));
    }
}
