package dev.herald.post.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import dev.herald.events.EventJson;
import dev.herald.events.MediaEvent;
import dev.herald.kit.inbox.ConsumerTransactions;
import dev.herald.post.MediaView;
import dev.herald.post.repository.MediaViewRepository;

/** Keeps the media read model in step with media-service's events (ready or failed items). */
@ApplicationScoped
public class MediaEventConsumer {

    public static final String CHANNEL = "media-events";

    private final MediaViewRepository media;
    private final ConsumerTransactions transactions;

    public MediaEventConsumer(MediaViewRepository media, ConsumerTransactions transactions) {
        this.media = media;
        this.transactions = transactions;
    }

    // An upsert: applying the same event twice, or an older one, changes nothing.
    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        MediaEvent event = EventJson.read(record.value(), MediaEvent.class);
        // An outage is waited out (ConsumerTransactions: each try a new transaction) rather than dead-lettering an
        // event that is still owed; only an unreadable event goes to the dead-letter topic at once.
        transactions.run(() -> apply(event));
    }

    private void apply(MediaEvent event) {
        MediaView existing = media.findById(event.mediaId());
        if (existing == null) {
            media.persist(MediaView.from(event));
        } else if (existing.workspaceId().equals(event.workspaceId())) {
            existing.apply(event);
        }
    }
}
