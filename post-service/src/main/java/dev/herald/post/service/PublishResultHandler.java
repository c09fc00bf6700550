package dev.herald.post.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.post.Destination;
import dev.herald.post.Post;
import dev.herald.post.PostStatus;
import dev.herald.post.repository.DestinationRepository;

/**
 * Applies publish results to destinations, idempotently and in any order, and announces a post reaching a final
 * status on {@code herald.post.events.v1} (in the same transaction, through the outbox).
 */
@ApplicationScoped
public class PublishResultHandler {

    static final String CONSUMER = "post-service.publish-results";
    private static final Logger LOG = Logger.getLogger(PublishResultHandler.class);

    private final DestinationRepository destinations;
    private final ProcessedEvents processed;
    private final PostEventPublisher events;

    public PublishResultHandler(
            DestinationRepository destinations, ProcessedEvents processed, PostEventPublisher events) {
        this.destinations = destinations;
        this.processed = processed;
        this.events = events;
    }

    @Transactional
    public void handle(String eventId, PublishResult result) {
        if (!processed.firstTime(CONSUMER, eventId)) {
            return;
        }
        Destination destination = destinations.findById(result.destinationId());
        if (destination == null || !destination.workspaceId().equals(result.workspaceId())) {
            LOG.warnf("Result %s for unknown destination %s ignored", eventId, result.destinationId());
            return;
        }
        Instant now = Instant.now();
        if (!destination.apply(result, now)) {
            return;
        }
        Post post = destination.post();
        if (post.refreshStatus(now) && PostStatus.isFinal(post.status())) {
            events.publishOutcome(post, now);
        }
    }
}
