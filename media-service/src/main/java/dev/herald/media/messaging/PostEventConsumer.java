package dev.herald.media.messaging;

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
import dev.herald.media.service.MediaUsageHandler;

/** Transport adapter: post lifecycle events from {@code herald.post.events.v1} to {@link MediaUsageHandler}. */
@ApplicationScoped
public class PostEventConsumer {

    public static final String CHANNEL = "post-events";

    private final MediaUsageHandler handler;

    public PostEventConsumer(MediaUsageHandler handler) {
        this.handler = handler;
    }

    @Incoming(CHANNEL)
    @Blocking
    // An outage is waited out (growing pauses, up to 15 minutes) rather than dead-lettering an event that is still
    // owed: a lost "post is final" would keep its files for good, a lost "scheduled" would let them be deleted. Only an
    // unreadable event goes to the dead-letter topic at once.
    @Retry(
            maxRetries = -1,
            delay = 200,
            jitter = 100,
            maxDuration = 15,
            durationUnit = ChronoUnit.MINUTES,
            abortOn = IllegalArgumentException.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public void consume(ConsumerRecord<String, String> record) {
        handler.handle(ProcessedEvents.eventId(record), EventJson.read(record.value(), PostEvent.class));
    }
}
