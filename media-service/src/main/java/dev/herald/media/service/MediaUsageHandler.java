package dev.herald.media.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.events.PostEvent;
import dev.herald.kit.inbox.ConsumerTransactions;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.media.PostUsage;
import dev.herald.media.repository.MediaItemRepository;
import dev.herald.media.repository.PostUsageRepository;

/**
 * Learns from the post lifecycle which media are attached to posts that are not final. Each event is applied once
 * (processed-event log) and only if it is not older than what is known of its post. A consumer's whole poll is applied
 * in one transaction.
 */
@ApplicationScoped
public class MediaUsageHandler {

    static final String CONSUMER = "media-service.post-events";

    /** One consumed post event: its id (CloudEvents {@code ce_id}) and the event. */
    public record Consumed(String eventId, PostEvent event) {

        /** A post event media-service can apply; IllegalArgumentException for one without its post. */
        public Consumed {
            PostEvent.PostSnapshot post = event == null ? null : event.data();
            if (post == null || post.id() == null || post.status() == null || event.workspaceId() == null) {
                throw new IllegalArgumentException("A post event without its post, status or workspace: " + eventId);
            }
        }
    }

    private final PostUsageRepository usages;
    private final MediaItemRepository items;
    private final ProcessedEvents processed;
    private final ConsumerTransactions transactions;

    public MediaUsageHandler(
            PostUsageRepository usages,
            MediaItemRepository items,
            ProcessedEvents processed,
            ConsumerTransactions transactions) {
        this.usages = usages;
        this.items = items;
        this.processed = processed;
        this.transactions = transactions;
    }

    /**
     * Applies a poll of post events in one transaction, in their order (a post's events come in order on its
     * partition). An outage is waited out and the poll retried rather than dead-lettered: a lost "post is final" would
     * keep its files for good, a lost "scheduled" would let them be deleted.
     */
    public void handleAll(List<Consumed> events) {
        transactions.run(() -> apply(processed.fresh(CONSUMER, events, Consumed::eventId)));
    }

    private void apply(List<Consumed> events) {
        if (events.isEmpty()) {
            return;
        }
        // One query for the poll's posts (with their media), rather than one per event.
        Map<String, PostUsage> known = new HashMap<>();
        usages.list(
                        "from PostUsage p left join fetch p.mediaIds where p.postId in ?1",
                        events.stream()
                                .map(c -> c.event().data().id())
                                .distinct()
                                .toList())
                .forEach(usage -> known.put(usage.postId(), usage));
        for (Consumed consumed : events) {
            PostEvent event = consumed.event();
            PostEvent.PostSnapshot post = event.data();
            Instant at = event.createdAt() != null ? event.createdAt() : Instant.now();
            // Named by a post once: no longer the library's never-attached upload, whatever the post becomes.
            items.markAttached(event.workspaceId(), post.mediaIds(), at);
            PostUsage usage = known.get(post.id());
            if (usage == null) {
                // Observed before persisting: the insert carries the state it had at persist time.
                usage = PostUsage.first(post.id(), event.workspaceId());
                usage.observe(post.status(), post.mediaIds(), at);
                usages.persist(usage);
                known.put(post.id(), usage);
            } else if (usage.workspaceId().equals(event.workspaceId())) {
                usage.observe(post.status(), post.mediaIds(), at);
            }
            // Otherwise: post ids are unique across workspaces, so an event naming another workspace is not this
            // post's.
        }
    }
}
