package dev.herald.webhook.delivery.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import dev.herald.events.EventJson;
import dev.herald.events.PostEvent;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.webhook.delivery.service.DeliveryPlanner;

/** Transport adapter: post events from Kafka to {@link DeliveryPlanner}. */
@ApplicationScoped
public class PostEventConsumer {

    public static final String CHANNEL = "post-events";

    private final DeliveryPlanner planner;

    public PostEventConsumer(DeliveryPlanner planner) {
        this.planner = planner;
    }

    @Incoming(CHANNEL)
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
        PostEvent event = EventJson.read(record.value(), PostEvent.class);
        // Tenants get the event exactly as published (its own id, type and data).
        planner.plan(ProcessedEvents.eventId(record), event.type(), event.workspaceId(), record.value());
    }
}
