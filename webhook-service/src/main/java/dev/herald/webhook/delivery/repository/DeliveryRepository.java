package dev.herald.webhook.delivery.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.webhook.delivery.Delivery;

/** Deliveries, including the dispatcher's claim of due ones. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, String> {

    /**
     * Locks up to {@code limit} due deliveries no other dispatcher holds, skipping the endpoints this replica already
     * has at their limit (so one endpoint's backlog never fills the batch).
     */
    @SuppressWarnings("unchecked")
    public List<Delivery> claimDue(Instant now, int limit, Collection<String> saturatedEndpoints) {
        List<String> ids = getEntityManager()
                .createNativeQuery(
                        "SELECT id FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= :now"
                                + " AND NOT (endpoint_id = ANY (string_to_array(:saturated, ',')))"
                                + " ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED")
                .setParameter("now", now)
                .setParameter("saturated", String.join(",", saturatedEndpoints))
                .setParameter("limit", limit)
                .getResultList();
        return ids.isEmpty() ? List.of() : list("id in ?1 order by nextAttemptAt", ids);
    }

    public Optional<Delivery> findIn(String workspaceId, String endpointId, String id) {
        return find("id = ?1 and workspaceId = ?2 and endpointId = ?3", id, workspaceId, endpointId)
                .firstResultOptional();
    }

    /** An endpoint's deliveries, newest first, filtered by status, event type and creation time. */
    public List<Delivery> page(
            String endpointId,
            String status,
            String eventType,
            Instant createdFrom,
            Instant createdTo,
            String beforeId,
            int limit) {
        StringBuilder query = new StringBuilder("endpointId = :endpoint");
        Map<String, Object> params = new HashMap<>();
        params.put("endpoint", endpointId);
        List<String> clauses = new ArrayList<>();
        if (status != null) {
            clauses.add("status = :status");
            params.put("status", status);
        }
        if (eventType != null) {
            clauses.add("eventType = :type");
            params.put("type", eventType);
        }
        if (createdFrom != null) {
            clauses.add("createdAt >= :from");
            params.put("from", createdFrom);
        }
        if (createdTo != null) {
            clauses.add("createdAt < :to");
            params.put("to", createdTo);
        }
        if (beforeId != null) {
            clauses.add("id < :before");
            params.put("before", beforeId);
        }
        clauses.forEach(clause -> query.append(" and ").append(clause));
        query.append(" order by id desc");
        return find(query.toString(), params).page(0, limit).list();
    }

    /** Every failed delivery of the endpoint created since {@code since}, locked for the caller's transaction. */
    public List<Delivery> failedSince(String endpointId, Instant since) {
        return find("endpointId = ?1 and status = ?2 and createdAt >= ?3", endpointId, Delivery.FAILED, since)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** The pending deliveries of an endpoint that can no longer receive them. */
    public List<Delivery> pendingOf(String endpointId) {
        return list("endpointId = ?1 and status = ?2", endpointId, Delivery.PENDING);
    }
}
