package dev.herald.post.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ConsumerTransactions;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.post.Destination;
import dev.herald.post.Post;
import dev.herald.post.PostStatus;
import dev.herald.post.repository.DestinationRepository;

/**
 * Applies publish results to destinations, idempotently and in any order, and announces a post reaching a final
 * status on {@code herald.post.events.v1} (in the same transaction, through the outbox). A consumer's whole poll is
 * applied in one transaction.
 */
@ApplicationScoped
public class PublishResultHandler {

    static final String CONSUMER = "post-service.publish-results";
    private static final Logger LOG = Logger.getLogger(PublishResultHandler.class);

    /** One consumed result: its event id (CloudEvents {@code ce_id}) and the result. */
    public record Consumed(String eventId, PublishResult result) {}

    private final DestinationRepository destinations;
    private final ProcessedEvents processed;
    private final PostEventPublisher events;
    private final ConsumerTransactions transactions;

    public PublishResultHandler(
            DestinationRepository destinations,
            ProcessedEvents processed,
            PostEventPublisher events,
            ConsumerTransactions transactions) {
        this.destinations = destinations;
        this.processed = processed;
        this.events = events;
        this.transactions = transactions;
    }

    /**
     * Applies a poll of results in one transaction, in their order (a destination's results come in order on its
     * account's partition). Transient failures (a lost connection, an optimistic-lock race with the dispatcher) and
     * outages retry the whole poll rather than dead-lettering a result that is still owed: a dropped result would
     * leave its post "publishing" for good.
     */
    public void handleAll(List<Consumed> results) {
        transactions.run(() -> apply(processed.fresh(CONSUMER, results, Consumed::eventId)));
    }

    private void apply(List<Consumed> results) {
        if (results.isEmpty()) {
            return;
        }
        // One query for the poll's destinations and their posts, rather than one per result.
        Map<String, Destination> known = new HashMap<>();
        destinations
                .list(
                        "from Destination d join fetch d.post where d.id in ?1",
                        results.stream()
                                .map(c -> c.result().destinationId())
                                .distinct()
                                .toList())
                .forEach(d -> known.put(d.id(), d));
        Instant now = Instant.now();
        for (Consumed consumed : results) {
            PublishResult result = consumed.result();
            Destination destination = known.get(result.destinationId());
            if (destination == null || !destination.workspaceId().equals(result.workspaceId())) {
                LOG.warnf("Result %s for unknown destination %s ignored", consumed.eventId(), result.destinationId());
                continue;
            }
            if (!destination.apply(result, now)) {
                continue;
            }
            Post post = destination.post();
            if (post.refreshStatus(now) && PostStatus.isFinal(post.status())) {
                events.publishOutcome(post, now);
            }
        }
    }
}
