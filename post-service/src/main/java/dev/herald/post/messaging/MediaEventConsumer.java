package dev.herald.post.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import dev.herald.events.EventJson;
import dev.herald.events.MediaEvent;
import dev.herald.post.MediaView;
import dev.herald.post.repository.MediaViewRepository;

/** Keeps the media read model in step with media-service's events (ready or failed items). */
@ApplicationScoped
public class MediaEventConsumer {

    public static final String CHANNEL = "media-events";

    private final MediaViewRepository media;

    public MediaEventConsumer(MediaViewRepository media) {
        this.media = media;
    }

    // An upsert: applying the same event twice, or an older one, changes nothing.
    @Incoming(CHANNEL)
    @Blocking
    @Transactional
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
        MediaEvent event = EventJson.read(record.value(), MediaEvent.class);
        MediaView existing = media.findById(event.mediaId());
        if (existing == null) {
            media.persist(MediaView.from(event));
        } else if (existing.workspaceId().equals(event.workspaceId())) {
            existing.apply(event);
        }
    }
}
