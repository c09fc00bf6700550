package dev.herald.webhook.delivery.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

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
    @Retry(maxRetries = 5, delay = 200, abortOn = IllegalArgumentException.class)
    public void consume(ConsumerRecord<String, String> record) {
        PostEvent event = EventJson.read(record.value(), PostEvent.class);
        // Tenants get the event exactly as published (its own id, type and data).
        planner.plan(ProcessedEvents.eventId(record), event.type(), event.workspaceId(), record.value());
    }
}
