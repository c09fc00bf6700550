package dev.herald.post.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import dev.herald.events.EventJson;
import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.post.health.PublisherPresence;
import dev.herald.post.service.PublishResultHandler;

/** Transport adapter: publish results from Kafka to {@link PublishResultHandler}. */
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
    // Transient failures (a lost connection, an optimistic-lock race with the dispatcher) and outages are waited out
    // (growing pauses, up to 15 minutes) rather than dead-lettering a result that is still owed: a dropped result
    // would leave its post "publishing" for good. Only an unreadable event goes to the dead-letter topic at once.
    @Retry(
            maxRetries = -1,
            delay = 200,
            jitter = 100,
            maxDuration = 15,
            durationUnit = ChronoUnit.MINUTES,
            abortOn = IllegalArgumentException.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public void consume(ConsumerRecord<String, String> record) {
        PublishResult result = EventJson.read(record.value(), PublishResult.class);
        handler.handle(ProcessedEvents.eventId(record), result);
        presence.resultSeen(result.occurredAt() != null ? result.occurredAt() : java.time.Instant.now());
    }
}
