package dev.herald.post.health;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;

import dev.herald.events.EventTypes;
import dev.herald.post.Destination;
import dev.herald.post.Post;
import dev.herald.post.config.PostConfig;
import dev.herald.post.service.PostEventPublisher;

/**
 * Finds destinations that should have been published by now: each is announced once as {@code post.late} (and so
 * reaches webhooks), and the workspace's publishing health shows them. Users of other tools find stuck posts only
 * by looking.
 */
@ApplicationScoped
public class PublishingWatchdog {

    /** Unfinished destinations of queues that are not paused (a paused queue holds its posts on purpose). */
    private static final String UNFINISHED = "d.status in ('scheduled', 'queued', 'retrying')"
            + " and not exists (select 1 from Queue q where q.id = d.post.queueId and q.paused = true)";

    private static final Duration OVERDUE_GRACE = Duration.ofMinutes(1);
    private static final int BATCH = 200;

    private final EntityManager entityManager;
    private final PostEventPublisher events;
    private final PostConfig.Watchdog config;
    private final PublisherPresence publishers;

    public PublishingWatchdog(
            EntityManager entityManager, PostEventPublisher events, PostConfig config, PublisherPresence publishers) {
        this.publishers = publishers;
        this.entityManager = entityManager;
        this.events = events;
        this.config = config.watchdog();
    }

    @Scheduled(every = "${herald.post.watchdog.interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void look() {
        flagLate();
    }

    /**
     * Flags newly late destinations, announcing each post once per batch; replicas share the work (SKIP LOCKED).
     *
     * @return how many were flagged
     */
    @Transactional
    public int flagLate() {
        Instant now = Instant.now();
        List<Destination> late = entityManager
                .createQuery(
                        "select d from Destination d where " + UNFINISHED
                                + " and d.lateAt is null and d.dueAt < :cutoff order by d.dueAt",
                        Destination.class)
                .setParameter("cutoff", now.minus(config.lateAfter()))
                .setMaxResults(BATCH)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED: another replica has them
                .getResultList();
        Map<String, Post> posts = new LinkedHashMap<>();
        for (Destination destination : late) {
            if (destination.markLate(now)) {
                posts.putIfAbsent(destination.post().id(), destination.post());
            }
        }
        posts.values().forEach(post -> events.publish(post, EventTypes.POST_LATE, now));
        return late.size();
    }

    @Transactional
    public PublishingHealth health(String workspaceId) {
        Instant now = Instant.now();
        Instant overdueBefore = now.minus(OVERDUE_GRACE);
        long count = entityManager
                .createQuery(
                        "select count(d) from Destination d where d.workspaceId = :ws and " + UNFINISHED
                                + " and d.dueAt < :before",
                        Long.class)
                .setParameter("ws", workspaceId)
                .setParameter("before", overdueBefore)
                .getSingleResult();
        PublishingHealth.OldestOverdue oldest = count == 0
                ? null
                : entityManager
                        .createQuery(
                                "select d from Destination d where d.workspaceId = :ws and " + UNFINISHED
                                        + " and d.dueAt < :before order by d.dueAt",
                                Destination.class)
                        .setParameter("ws", workspaceId)
                        .setParameter("before", overdueBefore)
                        .setMaxResults(1)
                        .getResultStream()
                        .findFirst()
                        .map(d -> new PublishingHealth.OldestOverdue(
                                d.id(),
                                d.post().id(),
                                d.accountId(),
                                d.platform(),
                                d.status(),
                                d.dueAt(),
                                Duration.between(d.dueAt(), now).toSeconds()))
                        .orElse(null);
        return new PublishingHealth(
                "publishing_health",
                count == 0 ? "ok" : "delayed",
                now,
                new PublishingHealth.Overdue(count, oldest),
                lag(workspaceId, now),
                publishers.snapshot(now));
    }

    private PublishingHealth.Lag lag(String workspaceId, Instant now) {
        Object[] row = (Object[]) entityManager
                .createNativeQuery("""
                        SELECT count(*),
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY lag),
                               percentile_cont(0.99) WITHIN GROUP (ORDER BY lag),
                               max(lag)
                          FROM (SELECT extract(epoch FROM d.published_at - coalesce(p.scheduled_at, p.created_at)) AS lag
                                  FROM destination d JOIN post p ON p.id = d.post_id
                                 WHERE d.workspace_id = :ws AND d.status = 'published' AND d.published_at > :since) l
                        """)
                .setParameter("ws", workspaceId)
                .setParameter(
                        "since", OffsetDateTime.ofInstant(now.minus(Duration.ofHours(1)), java.time.ZoneOffset.UTC))
                .getSingleResult();
        return new PublishingHealth.Lag(
                ((Number) row[0]).longValue(), seconds(row[1]), seconds(row[2]), seconds(row[3]));
    }

    private static Double seconds(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 1000) / 1000.0;
    }
}
