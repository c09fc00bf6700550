package dev.herald.post.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

import dev.herald.events.EventJson;
import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ConsumedBatch;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.post.health.PublisherPresence;
import dev.herald.post.service.PublishResultHandler;

/**
 * Transport adapter: publish results from Kafka to {@link PublishResultHandler}, a poll at a time (one transaction per
 * poll, not per result: this consumer follows every publish). An unreadable result alone goes to the dead-letter topic.
 */
@ApplicationScoped
public class PublishResultConsumer {

    public static final String CHANNEL = "publish-results";

    private final PublishResultHandler handler;
    private final PublisherPresence presence;

    public PublishResultConsumer(PublishResultHandler handler, PublisherPresence presence) {
        this.handler = handler;
        this.presence = presence;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return ConsumedBatch.handle(
                batch,
                (message, record) -> Optional.of(new PublishResultHandler.Consumed(
                        ProcessedEvents.eventId(record), EventJson.read(record.value(), PublishResult.class))),
                this::handle);
    }

    private void handle(List<PublishResultHandler.Consumed> results) {
        handler.handleAll(results);
        for (PublishResultHandler.Consumed consumed : results) {
            PublishResult result = consumed.result();
            presence.resultSeen(result.occurredAt() != null ? result.occurredAt() : Instant.now());
        }
    }
}
