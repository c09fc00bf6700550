package dev.herald.post.queue.repository;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.post.queue.Queue;

/** Queues, always within a workspace, and the slots their posts hold. */
@ApplicationScoped
public class QueueRepository implements PanacheRepositoryBase<Queue, String> {

    public Optional<Queue> findInWorkspace(String workspaceId, String queueId) {
        return find("id = ?1 and workspaceId = ?2", queueId, workspaceId).firstResultOptional();
    }

    /** The queue, locked: slot assignment is serialised per queue. */
    public Optional<Queue> lockInWorkspace(String workspaceId, String queueId) {
        return find("id = ?1 and workspaceId = ?2", queueId, workspaceId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    public List<Queue> page(String workspaceId, String afterId, int limit) {
        return find("workspaceId = ?1 and id > ?2 order by id", workspaceId, afterId == null ? "" : afterId)
                .page(0, limit)
                .list();
    }

    /** The first queue (oldest) that posts to this account. */
    public Optional<Queue> firstWithAccount(String workspaceId, String accountId) {
        return find(
                        "select q from Queue q where q.workspaceId = ?1 and ?2 member of q.accountIds order by q.id",
                        workspaceId,
                        accountId)
                .firstResultOptional();
    }

    /**
     * When the account's posts went or will go out within {@code [from, to]}: published ones at their publication, the
     * ones still to go (scheduled, with the publisher, retrying) at their due time — what its posting cap counts.
     */
    @SuppressWarnings("unchecked")
    public List<Instant> postTimes(String accountId, Instant from, Instant to) {
        List<Object> rows = getEntityManager()
                .createNativeQuery("SELECT CASE WHEN status = 'published' THEN published_at ELSE due_at END AS at"
                        + " FROM destination WHERE account_id = :account"
                        + " AND status IN ('published', 'scheduled', 'queued', 'retrying')"
                        + " AND CASE WHEN status = 'published' THEN published_at ELSE due_at END BETWEEN :from AND :to")
                .setParameter("account", accountId)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
        return rows.stream().map(QueueRepository::toInstant).toList();
    }

    /** The slots (scheduled times) held by the queue's live posts after {@code after}. */
    @SuppressWarnings("unchecked")
    public Set<Instant> takenSlots(String queueId, Instant after) {
        List<Object> rows = getEntityManager()
                .createNativeQuery("SELECT scheduled_at FROM post WHERE queue_id = :queue AND status <> 'canceled'"
                        + " AND scheduled_at > :after")
                .setParameter("queue", queueId)
                .setParameter("after", after)
                .getResultList();
        Set<Instant> taken = new HashSet<>();
        for (Object row : rows) {
            taken.add(toInstant(row));
        }
        return taken;
    }

    private static Instant toInstant(Object row) {
        return row instanceof Instant instant
                ? instant
                : row instanceof java.time.OffsetDateTime offset
                        ? offset.toInstant()
                        : ((java.sql.Timestamp) row).toInstant();
    }
}
