package dev.herald.media.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import dev.herald.events.EventJson;
import dev.herald.events.MediaEvent;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.media.service.MediaService;

/** Transport adapter: media events from Kafka to {@link MediaService}. */
@ApplicationScoped
public class MediaEventConsumer {

    public static final String CHANNEL = "media-events";

    private final MediaService media;

    public MediaEventConsumer(MediaService media) {
        this.media = media;
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
        media.apply(ProcessedEvents.eventId(record), EventJson.read(record.value(), MediaEvent.class));
    }
}
