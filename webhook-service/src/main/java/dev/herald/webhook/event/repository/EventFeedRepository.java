package dev.herald.webhook.event.repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.herald.webhook.event.Envelope;
import dev.herald.webhook.sql.SqlArrays;

/** The pull feed's storage: each workspace event once, in the order it was recorded. */
@ApplicationScoped
public class EventFeedRepository {

    /** One feed entry: its position (the cursor) and the envelope's exact bytes. */
    public record Entry(long seq, String type, String payload) {}

    private final EntityManager entityManager;

    public EventFeedRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Records the event in the caller's transaction; a replayed event is already there and adds nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Envelope envelope) {
        entityManager
                .createNativeQuery("INSERT INTO webhook_event (id, workspace_id, type, created_at, payload)"
                        + " VALUES (:id, :ws, :type, :created, :payload) ON CONFLICT (id) DO NOTHING")
                .setParameter("id", envelope.id())
                .setParameter("ws", envelope.workspaceId())
                .setParameter("type", envelope.type())
                .setParameter("created", envelope.createdAt())
                .setParameter("payload", envelope.payload())
                .executeUpdate();
    }

    /**
     * As {@link #record}, for many events with one statement, in their order (the feed's order); events recorded
     * before add nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<Envelope> envelopes) {
        if (envelopes.isEmpty()) {
            return;
        }
        SqlArrays.update(
                entityManager,
                "INSERT INTO webhook_event (id, workspace_id, type, created_at, payload)"
                        + " SELECT id, workspace_id, type, created_at, payload FROM unnest(?::text[], ?::text[],"
                        + " ?::text[], ?::timestamptz[], ?::text[]) WITH ORDINALITY"
                        + " AS e(id, workspace_id, type, created_at, payload, position)"
                        + " ORDER BY position ON CONFLICT (id) DO NOTHING",
                arrays -> {
                    arrays.text(envelopes, Envelope::id);
                    arrays.text(envelopes, Envelope::workspaceId);
                    arrays.text(envelopes, Envelope::type);
                    arrays.time(envelopes, Envelope::createdAt);
                    arrays.text(envelopes, Envelope::payload);
                });
    }

    /** A page of the feed after {@code afterSeq}, only entries recorded before {@code settledBefore}. */
    @SuppressWarnings("unchecked")
    public List<Entry> page(String workspaceId, String type, long afterSeq, Instant settledBefore, int limit) {
        var query = entityManager
                .createNativeQuery("SELECT seq, type, payload FROM webhook_event WHERE workspace_id = :ws"
                        + " AND seq > :after AND recorded_at < :settled"
                        + (type == null ? "" : " AND type = :type")
                        + " ORDER BY seq LIMIT :limit")
                .setParameter("ws", workspaceId)
                .setParameter("after", afterSeq)
                .setParameter("settled", Timestamp.from(settledBefore))
                .setParameter("limit", limit);
        if (type != null) {
            query.setParameter("type", type);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream()
                .map(row -> new Entry(((Number) row[0]).longValue(), (String) row[1], (String) row[2]))
                .toList();
    }

    /** Forgets events older than the retention. */
    @Transactional
    public int purgeBefore(Instant before) {
        return entityManager
                .createNativeQuery("DELETE FROM webhook_event WHERE recorded_at < :before")
                .setParameter("before", Timestamp.from(before))
                .executeUpdate();
    }
}
