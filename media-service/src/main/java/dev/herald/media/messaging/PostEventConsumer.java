package dev.herald.media.messaging;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

import dev.herald.events.EventJson;
import dev.herald.events.PostEvent;
import dev.herald.kit.inbox.ConsumedBatch;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.media.service.MediaUsageHandler;

/**
 * Transport adapter: post lifecycle events from {@code herald.post.events.v1} to {@link MediaUsageHandler}, a poll at
 * a time (one transaction per poll, not per event: every post's events pass through here). An unreadable event alone
 * goes to the dead-letter topic.
 */
@ApplicationScoped
public class PostEventConsumer {

    public static final String CHANNEL = "post-events";

    private final MediaUsageHandler handler;

    public PostEventConsumer(MediaUsageHandler handler) {
        this.handler = handler;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return ConsumedBatch.handle(
                batch,
                (message, record) -> Optional.of(new MediaUsageHandler.Consumed(
                        ProcessedEvents.eventId(record), EventJson.read(record.value(), PostEvent.class))),
                handler::handleAll);
    }
}
