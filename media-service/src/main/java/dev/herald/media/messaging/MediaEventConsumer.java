package dev.herald.media.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

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
    @Retry(maxRetries = 5, delay = 200, abortOn = IllegalArgumentException.class)
    public void consume(ConsumerRecord<String, String> record) {
        media.apply(ProcessedEvents.eventId(record), EventJson.read(record.value(), MediaEvent.class));
    }
}
