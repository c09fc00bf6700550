package dev.herald.analytics.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.analytics.MetricSlot;
import dev.herald.events.MetricsRequest;

/** Metric collection slots: opened once per subject and label, claimed in batches when due. */
@ApplicationScoped
public class MetricSlotRepository implements PanacheRepositoryBase<MetricSlot, String> {

    private static final int ROWS_PER_INSERT = 200;

    /**
     * Opens each slot unless its subject already has one with that label; returns how many were new. One statement per
     * {@value #ROWS_PER_INSERT} slots: a poll of results opens several slots for each published destination.
     */
    public int openIfAbsent(List<MetricSlot> slots) {
        int opened = 0;
        for (int from = 0; from < slots.size(); from += ROWS_PER_INSERT) {
            opened += insertIfAbsent(slots.subList(from, Math.min(slots.size(), from + ROWS_PER_INSERT)));
        }
        return opened;
    }

    private int insertIfAbsent(List<MetricSlot> slots) {
        StringBuilder sql = new StringBuilder("INSERT INTO metric_slot (id, workspace_id, kind, subject_id, slot,"
                + " account_id, platform, post_id, destination_id, platform_post_id, published_at, state, due_at,"
                + " created_at, updated_at) VALUES ");
        for (int i = 0; i < slots.size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append("(:id%1$d, :workspace%1$d, :kind%1$d, :subject%1$d, :slot%1$d, :account%1$d,".formatted(i))
                    .append(" :platform%1$d, :post%1$d, :destination%1$d, :platformPost%1$d, :publishedAt%1$d,"
                            .formatted(i))
                    .append(" :state%1$d, :dueAt%1$d, :now%1$d, :now%1$d)".formatted(i));
        }
        sql.append(" ON CONFLICT (subject_id, slot) DO NOTHING");
        var insert = getEntityManager().createNativeQuery(sql.toString());
        for (int i = 0; i < slots.size(); i++) {
            MetricSlot slot = slots.get(i);
            insert.setParameter("id" + i, slot.id())
                    .setParameter("workspace" + i, slot.workspaceId())
                    .setParameter("kind" + i, slot.kind())
                    .setParameter("subject" + i, slot.subjectId())
                    .setParameter("slot" + i, slot.slot())
                    .setParameter("account" + i, slot.accountId())
                    .setParameter("platform" + i, slot.platform())
                    .setParameter("post" + i, slot.postId())
                    .setParameter("destination" + i, slot.destinationId())
                    .setParameter("platformPost" + i, slot.platformPostId())
                    .setParameter("publishedAt" + i, slot.publishedAt())
                    .setParameter("state" + i, slot.state())
                    .setParameter("dueAt" + i, slot.dueAt())
                    .setParameter("now" + i, slot.updatedAt());
        }
        return insert.executeUpdate();
    }

    /**
     * Opens today's slot of every account that has published through Herald (one statement; the unique key makes it
     * safe to run as often as wanted and from every replica).
     */
    public int openAccountDays(String day, Instant now) {
        return getEntityManager()
                .createNativeQuery("INSERT INTO metric_slot (id, workspace_id, kind, subject_id, slot, account_id,"
                        + " platform, state, due_at, created_at, updated_at)"
                        + " SELECT 'mslot_' || replace(gen_random_uuid()::text, '-', ''), a.workspace_id, :kind,"
                        + " a.account_id, :day, a.account_id, a.platform, :state, :now, :now, :now"
                        + " FROM (SELECT DISTINCT workspace_id, account_id, platform FROM publish_record"
                        + " WHERE status = 'published') a"
                        + " ON CONFLICT (subject_id, slot) DO NOTHING")
                .setParameter("kind", MetricsRequest.ACCOUNT)
                .setParameter("day", day)
                .setParameter("state", MetricSlot.PENDING)
                .setParameter("now", now)
                .executeUpdate();
    }

    /**
     * Claims the due slots (pending and due, or requested with an expired lease) in one statement: each becomes
     * requested under a new request id and a lease until {@code now + lease}. Replicas skip each other's rows.
     */
    public List<MetricsRequest> claimDue(Instant now, Duration lease, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager()
                .createNativeQuery("UPDATE metric_slot s SET state = :requested, attempts = s.attempts + 1,"
                        + " request_id = s.id || ':' || (s.attempts + 1), due_at = :leaseUntil, updated_at = :now"
                        + " FROM (SELECT id, due_at AS was_due FROM metric_slot"
                        + " WHERE state IN ('pending', 'requested') AND due_at <= :now"
                        + " ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED) due"
                        + " WHERE s.id = due.id"
                        + " RETURNING s.workspace_id, s.request_id, s.id, s.kind, s.account_id, s.platform, s.post_id,"
                        + " s.destination_id, s.platform_post_id, s.published_at, s.slot, s.attempts, due.was_due")
                .setParameter("requested", MetricSlot.REQUESTED)
                .setParameter("leaseUntil", now.plus(lease))
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream()
                .map(row -> new MetricsRequest(
                        (String) row[0],
                        (String) row[1],
                        (String) row[2],
                        (String) row[3],
                        (String) row[4],
                        (String) row[5],
                        (String) row[6],
                        (String) row[7],
                        (String) row[8],
                        SqlValues.instant(row[9]),
                        (String) row[10],
                        ((Number) row[11]).intValue(),
                        SqlValues.instant(row[12]),
                        now))
                .toList();
    }

    /** The slot, locked against a concurrent claim. */
    public Optional<MetricSlot> lock(String slotId) {
        return Optional.ofNullable(findById(slotId, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Closes the subject's open slots (its platform cannot report metrics): nothing more is asked. */
    public int closeOpen(String subjectId, String state, String reason, Instant now) {
        return update(
                "state = ?1, lastError = ?2, updatedAt = ?3 where subjectId = ?4 and state in ('pending', 'requested')",
                state,
                reason,
                now,
                subjectId);
    }

    /** A post's slots, for its analytics view. */
    public List<MetricSlot> forPost(String workspaceId, String postId) {
        return list("workspaceId = ?1 and postId = ?2 order by dueAt", workspaceId, postId);
    }

    /** Deletes finished slots older than {@code before}. */
    public long deleteFinishedBefore(Instant before) {
        return delete("state not in ('pending', 'requested') and updatedAt < ?1", before);
    }
}
