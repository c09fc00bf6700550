package dev.herald.analytics.service;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import dev.herald.analytics.PublishRecord;
import dev.herald.analytics.repository.PublishRecordRepository;
import dev.herald.analytics.repository.PublishingRollup;
import dev.herald.events.PostEvent;
import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ConsumerTransactions;
import dev.herald.kit.inbox.ProcessedEvents;

/**
 * Records publish outcomes (scheduling metric collection when a destination goes live) and post timings. A consumer's
 * whole poll is applied in one transaction, each table read and written with as few statements as the rows allow.
 */
@ApplicationScoped
public class AnalyticsService {

    static final String CONSUMER = "analytics-service.publish-results";
    static final String POST_EVENTS_CONSUMER = "analytics-service.post-events";

    /** One consumed event: its id (CloudEvents {@code ce_id}) and its payload. */
    public record Consumed<T>(String eventId, T event) {}

    private final PublishRecordRepository records;
    private final ProcessedEvents processed;
    private final CollectionService collection;
    private final PublishingRollup rollup;
    private final EntityManager entityManager;
    private final ConsumerTransactions transactions;

    public AnalyticsService(
            PublishRecordRepository records,
            ProcessedEvents processed,
            CollectionService collection,
            PublishingRollup rollup,
            EntityManager entityManager,
            ConsumerTransactions transactions) {
        this.records = records;
        this.transactions = transactions;
        this.rollup = rollup;
        this.processed = processed;
        this.collection = collection;
        this.entityManager = entityManager;
    }

    /** Records a poll of publish results in one transaction (an outage is waited out, then the poll is retried). */
    public void recordAll(List<Consumed<PublishResult>> results) {
        transactions.run(() -> apply(processed.fresh(CONSUMER, results, Consumed::eventId).stream()
                .map(Consumed::event)
                .toList()));
    }

    @Transactional
    public void record(String eventId, PublishResult result) {
        if (processed.firstTime(CONSUMER, eventId)) {
            apply(List.of(result));
        }
    }

    /** Records a poll of post events (when each post was meant to go live) in one transaction, as {@link #recordAll}. */
    public void recordTimings(List<Consumed<PostEvent>> events) {
        transactions.run(() -> applyTimings(processed.fresh(POST_EVENTS_CONSUMER, events, Consumed::eventId).stream()
                .map(Consumed::event)
                .toList()));
    }

    /** Remembers when a post was meant to go live: its scheduled time, or its creation for a publish-now post. */
    @Transactional
    public void recordTiming(String eventId, PostEvent event) {
        if (event.data() != null && processed.firstTime(POST_EVENTS_CONSUMER, eventId)) {
            applyTimings(List.of(event));
        }
    }

    /** Applies new results in their order (a destination's results come in order on its account's partition). */
    private void apply(List<PublishResult> results) {
        if (results.isEmpty()) {
            return;
        }
        lockTimings(results.stream().map(PublishResult::postId).toList());
        Set<String> destinationIds = new LinkedHashSet<>();
        results.forEach(result -> destinationIds.add(result.destinationId()));
        List<PublishingRollup.Contribution> before = rollup.ofDestinations(destinationIds);
        Map<String, PublishRecord> known = new HashMap<>();
        records.list("destinationId in ?1", destinationIds).forEach(r -> known.put(r.destinationId(), r));
        Map<String, PublishRecord> published = new LinkedHashMap<>();
        for (PublishResult result : results) {
            PublishRecord record = known.get(result.destinationId());
            boolean becamePublished;
            if (record == null) {
                record = PublishRecord.from(result);
                records.persist(record);
                known.put(record.destinationId(), record);
                becamePublished = record.isPublished();
            } else {
                becamePublished = record.apply(result);
            }
            if (becamePublished) {
                published.put(record.destinationId(), record);
            }
        }
        entityManager.flush();
        if (!published.isEmpty()) {
            // The post's timing usually arrived first (post.scheduled, post.created); otherwise applyTimings sets it.
            entityManager
                    .createNativeQuery("UPDATE publish_record r SET due_at = t.due_at FROM post_timing t"
                            + " WHERE r.destination_id IN (:destinations) AND t.post_id = r.post_id")
                    .setParameter("destinations", published.keySet())
                    .executeUpdate();
        }
        rollup.move(before, rollup.ofDestinations(destinationIds));
        Instant now = Instant.now();
        collection.schedule(
                published.values().stream()
                        .filter(record -> record.platformPostId() != null)
                        .toList(),
                now);
    }

    private void applyTimings(List<PostEvent> events) {
        // The latest event of a post wins, as if each were applied in turn.
        Map<String, PostEvent> latest = new LinkedHashMap<>();
        Map<String, Instant> dueAt = new LinkedHashMap<>();
        for (PostEvent event : events) {
            Instant due = event.data().scheduledAt() != null
                    ? event.data().scheduledAt()
                    : event.data().createdAt();
            if (due != null) {
                latest.put(event.data().id(), event);
                dueAt.put(event.data().id(), due);
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        lockTimings(latest.keySet());
        List<PublishingRollup.Contribution> before = rollup.ofPosts(latest.keySet());
        List<String> postIds = new ArrayList<>(latest.keySet());
        String[] workspaces =
                postIds.stream().map(post -> latest.get(post).workspaceId()).toArray(String[]::new);
        String[] dues = postIds.stream().map(post -> dueAt.get(post).toString()).toArray(String[]::new);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert =
                    connection.prepareStatement("INSERT INTO post_timing (post_id, workspace_id, due_at)"
                            + " SELECT p, w, d::timestamptz FROM unnest(?::text[], ?::text[], ?::text[]) AS t(p, w, d)"
                            + " ON CONFLICT (post_id) DO UPDATE SET due_at = EXCLUDED.due_at")) {
                upsert.setArray(1, connection.createArrayOf("text", postIds.toArray(String[]::new)));
                upsert.setArray(2, connection.createArrayOf("text", workspaces));
                upsert.setArray(3, connection.createArrayOf("text", dues));
                upsert.executeUpdate();
            }
        });
        entityManager
                .createNativeQuery("UPDATE publish_record r SET due_at = t.due_at FROM post_timing t"
                        + " WHERE r.post_id IN (:posts) AND t.post_id = r.post_id")
                .setParameter("posts", postIds)
                .executeUpdate();
        rollup.move(before, rollup.ofPosts(postIds));
    }

    /**
     * The result and the post's timing arrive on two topics and are written by two consumers at once; each copies
     * due_at from what the other has committed. Without one lock per post, two concurrent transactions each miss the
     * other's uncommitted row and the record keeps due_at NULL for good (it then drops out of the delay figures). A
     * batch takes its posts' locks first, in one sorted order, so two batches sharing posts wait rather than deadlock.
     */
    private void lockTimings(Iterable<String> postIds) {
        Set<String> sorted = new TreeSet<>();
        postIds.forEach(sorted::add);
        entityManager.unwrap(Session.class).doWork(connection -> {
            // unnest hands the rows over in array order, so the locks are taken in the sorted order.
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtextextended(p, 0)) FROM unnest(?::text[]) AS p")) {
                lock.setArray(1, connection.createArrayOf("text", sorted.toArray(String[]::new)));
                lock.execute();
            }
        });
    }

    @Transactional
    public List<PublishRecord> forPost(String workspaceId, String postId) {
        return records.forPost(workspaceId, postId);
    }
}
