package dev.herald.analytics.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.herald.analytics.PublishRecord;
import dev.herald.analytics.repository.PublishRecordRepository;
import dev.herald.analytics.repository.PublishingRollup;
import dev.herald.events.PostEvent;
import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ProcessedEvents;

/** Records publish outcomes (scheduling metric collection when a destination goes live) and post timings. */
@ApplicationScoped
public class AnalyticsService {

    static final String CONSUMER = "analytics-service.publish-results";
    static final String POST_EVENTS_CONSUMER = "analytics-service.post-events";

    private final PublishRecordRepository records;
    private final ProcessedEvents processed;
    private final CollectionService collection;
    private final PublishingRollup rollup;
    private final EntityManager entityManager;

    public AnalyticsService(
            PublishRecordRepository records,
            ProcessedEvents processed,
            CollectionService collection,
            PublishingRollup rollup,
            EntityManager entityManager) {
        this.records = records;
        this.rollup = rollup;
        this.processed = processed;
        this.collection = collection;
        this.entityManager = entityManager;
    }

    @Transactional
    public void record(String eventId, PublishResult result) {
        if (!processed.firstTime(CONSUMER, eventId)) {
            return;
        }
        lockTiming(result.postId());
        List<PublishingRollup.Contribution> before = rollup.ofDestination(result.destinationId());
        PublishRecord existing = records.findById(result.destinationId());
        PublishRecord record;
        boolean becamePublished;
        if (existing == null) {
            record = PublishRecord.from(result);
            records.persist(record);
            becamePublished = record.isPublished();
        } else {
            record = existing;
            becamePublished = existing.apply(result);
        }
        entityManager.flush();
        if (becamePublished) {
            // The post's timing usually arrived first (post.scheduled, post.created); otherwise recordTiming sets it.
            entityManager
                    .createNativeQuery("UPDATE publish_record r SET due_at = t.due_at FROM post_timing t"
                            + " WHERE r.destination_id = :destination AND t.post_id = r.post_id")
                    .setParameter("destination", record.destinationId())
                    .executeUpdate();
        }
        rollup.move(before, rollup.ofDestination(result.destinationId()));
        if (becamePublished && record.platformPostId() != null) {
            collection.schedule(record, Instant.now());
        }
    }

    /** Remembers when a post was meant to go live: its scheduled time, or its creation for a publish-now post. */
    @Transactional
    public void recordTiming(String eventId, PostEvent event) {
        if (event.data() == null || !processed.firstTime(POST_EVENTS_CONSUMER, eventId)) {
            return;
        }
        Instant dueAt = event.data().scheduledAt() != null
                ? event.data().scheduledAt()
                : event.data().createdAt();
        if (dueAt == null) {
            return;
        }
        lockTiming(event.data().id());
        List<PublishingRollup.Contribution> before = rollup.ofPost(event.data().id());
        entityManager
                .createNativeQuery(
                        "INSERT INTO post_timing (post_id, workspace_id, due_at)"
                                + " VALUES (:post, :workspace, :due) ON CONFLICT (post_id) DO UPDATE SET due_at = EXCLUDED.due_at")
                .setParameter("post", event.data().id())
                .setParameter("workspace", event.workspaceId())
                .setParameter("due", dueAt)
                .executeUpdate();
        entityManager
                .createNativeQuery("UPDATE publish_record SET due_at = :due WHERE post_id = :post")
                .setParameter("due", dueAt)
                .setParameter("post", event.data().id())
                .executeUpdate();
        rollup.move(before, rollup.ofPost(event.data().id()));
    }

    /**
     * The result and the post's timing arrive on two topics and are written by two consumers at once; each copies
     * due_at from what the other has committed. Without one lock per post, two concurrent transactions each miss the
     * other's uncommitted row and the record keeps due_at NULL for good (it then drops out of the delay figures).
     */
    private void lockTiming(String postId) {
        entityManager
                .createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:post, 0))")
                .setParameter("post", postId)
                .getSingleResult();
    }

    @Transactional
    public List<PublishRecord> forPost(String workspaceId, String postId) {
        return records.forPost(workspaceId, postId);
    }
}
