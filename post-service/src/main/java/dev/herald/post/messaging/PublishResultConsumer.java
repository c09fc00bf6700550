package dev.herald.post.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import dev.herald.events.EventJson;
import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.post.health.PublishingWatchdog;
import dev.herald.post.service.PublishResultHandler;

/** Transport adapter: publish results from Kafka to {@link PublishResultHandler}. */
@ApplicationScoped
public class PublishResultConsumer {

    public static final String CHANNEL = "publish-results";

    private final PublishResultHandler handler;
    private final PublishingWatchdog watchdog;

    public PublishResultConsumer(PublishResultHandler handler, PublishingWatchdog watchdog) {
        this.handler = handler;
        this.watchdog = watchdog;
    }

    // Transient failures (a lost connection, an optimistic-lock race with the dispatcher) are retried before the
    // record is given up to the dead-letter topic.
    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = 5, delay = 200, abortOn = IllegalArgumentException.class)
    public void consume(ConsumerRecord<String, String> record) {
        PublishResult result = EventJson.read(record.value(), PublishResult.class);
        handler.handle(ProcessedEvents.eventId(record), result);
        watchdog.publisherSeen(result.occurredAt() != null ? result.occurredAt() : java.time.Instant.now());
    }
}
