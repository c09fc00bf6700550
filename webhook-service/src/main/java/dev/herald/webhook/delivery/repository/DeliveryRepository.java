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

import dev.herald.kit.tracing.TraceContext;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.sql.IdLists;
import dev.herald.webhook.sql.SqlArrays;

/** Deliveries, including the dispatcher's claim of due ones. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, String> {

    /** A due delivery locked by the claiming transaction. */
    public record Due(String id, String endpointId) {}

    /** A leased delivery: what sending it needs. */
    public record Leased(String id, String endpointId, String payload, TraceContext trace) {}

    /**
     * Locks, for up to {@code endpoints} endpoints with due work (skipping those this replica already has at their
     * limit), up to {@code perEndpoint} of each one's oldest due deliveries that no other dispatcher holds. Fair by
     * construction: one endpoint's backlog never fills a claim, and a claim locks few rows. Only ids: the caller
     * leases what it takes.
     */
    @SuppressWarnings("unchecked")
    public List<Due> lockDue(Instant now, int endpoints, int perEndpoint, Collection<String> saturatedEndpoints) {
        List<Object[]> rows = getEntityManager()
                .createNativeQuery("SELECT d.id, d.endpoint_id FROM (SELECT DISTINCT endpoint_id FROM webhook_delivery"
                        + " WHERE status = 'pending' AND next_attempt_at <= :now"
                        + " AND NOT (endpoint_id = ANY (string_to_array(:saturated, ','))) LIMIT :endpoints) e"
                        + " CROSS JOIN LATERAL (SELECT id, endpoint_id FROM webhook_delivery w"
                        + " WHERE w.endpoint_id = e.endpoint_id AND w.status = 'pending' AND w.next_attempt_at <= :now"
                        + " ORDER BY w.next_attempt_at LIMIT :per FOR UPDATE SKIP LOCKED) d")
                .setParameter("now", now)
                .setParameter("saturated", IdLists.param(saturatedEndpoints))
                .setParameter("endpoints", endpoints)
                .setParameter("per", perEndpoint)
                .getResultList();
        return rows.stream()
                .map(row -> new Due((String) row[0], (String) row[1]))
                .toList();
    }

    /**
     * As {@link #lockDue}, for the given endpoints only (those this replica just planned deliveries for, or whose
     * lanes have room): no scan for endpoints with due work.
     */
    @SuppressWarnings("unchecked")
    public List<Due> lockDueFor(Instant now, Collection<String> endpointIds, int perEndpoint) {
        List<Object[]> rows = getEntityManager()
                .createNativeQuery(
                        "SELECT d.id, d.endpoint_id FROM unnest(string_to_array(:endpoints, ',')) AS e(endpoint_id)"
                                + " CROSS JOIN LATERAL (SELECT id, endpoint_id FROM webhook_delivery w"
                                + " WHERE w.endpoint_id = e.endpoint_id AND w.status = 'pending' AND w.next_attempt_at <= :now"
                                + " ORDER BY w.next_attempt_at LIMIT :per FOR UPDATE SKIP LOCKED) d")
                .setParameter("now", now)
                .setParameter("endpoints", IdLists.param(endpointIds))
                .setParameter("per", perEndpoint)
                .getResultList();
        return rows.stream()
                .map(row -> new Due((String) row[0], (String) row[1]))
                .toList();
    }

    /**
     * Holds these deliveries until {@code until} (a crashed sender's come back then); returns their payloads (an
     * {@link IdLists} array).
     */
    @SuppressWarnings("unchecked")
    public List<Leased> lease(List<String> ids, Instant until) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = getEntityManager()
                .createNativeQuery("UPDATE webhook_delivery SET next_attempt_at = :until"
                        + " WHERE id = ANY (string_to_array(:ids, ','))"
                        + " RETURNING id, endpoint_id, payload, trace_parent, trace_state")
                .setParameter("until", until)
                .setParameter("ids", IdLists.param(ids))
                .getResultList();
        return rows.stream()
                .map(row -> new Leased(
                        (String) row[0],
                        (String) row[1],
                        (String) row[2],
                        row[3] == null ? null : new TraceContext((String) row[3], (String) row[4])))
                .toList();
    }

    /**
     * Inserts new deliveries in the caller's transaction with one statement (one round trip for a whole poll's
     * deliveries, where persisting entities costs one insert each); one that exists already (same endpoint and event)
     * is left as it is.
     */
    public void insertAll(List<Delivery> planned) {
        if (planned.isEmpty()) {
            return;
        }
        SqlArrays.update(
                getEntityManager(),
                "INSERT INTO webhook_delivery (id, endpoint_id,"
                        + " workspace_id, event_id, event_type, payload, status, attempts, manual, next_attempt_at,"
                        + " created_at, updated_at, trace_parent, trace_state)"
                        + " SELECT id, endpoint_id, workspace_id, event_id, event_type, payload, status, attempts, manual,"
                        + " next_attempt_at, created_at, updated_at, trace_parent, trace_state FROM unnest(?::text[],"
                        + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::boolean[],"
                        + " ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[])"
                        + " AS d(id, endpoint_id, workspace_id, event_id, event_type, payload, status, attempts, manual,"
                        + " next_attempt_at, created_at, updated_at, trace_parent, trace_state)"
                        + " ON CONFLICT (endpoint_id, event_id) DO NOTHING",
                arrays -> {
                    arrays.text(planned, Delivery::id);
                    arrays.text(planned, Delivery::endpointId);
                    arrays.text(planned, Delivery::workspaceId);
                    arrays.text(planned, Delivery::eventId);
                    arrays.text(planned, Delivery::eventType);
                    arrays.text(planned, Delivery::payload);
                    arrays.text(planned, Delivery::status);
                    arrays.text(planned, d -> Integer.toString(d.attempts()));
                    arrays.text(planned, d -> Boolean.toString(d.manual()));
                    arrays.time(planned, Delivery::nextAttemptAt);
                    arrays.time(planned, Delivery::createdAt);
                    arrays.time(planned, Delivery::updatedAt);
                    arrays.text(
                            planned, d -> d.trace() == null ? null : d.trace().traceparent());
                    arrays.text(
                            planned, d -> d.trace() == null ? null : d.trace().tracestate());
                });
    }

    /**
     * Loads these deliveries into the caller's session with one statement (then found there by id; an {@link IdLists}
     * array).
     */
    @SuppressWarnings("unchecked")
    public List<Delivery> loadAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return getEntityManager()
                .createNativeQuery(
                        "SELECT * FROM webhook_delivery WHERE id = ANY (string_to_array(:ids, ','))", Delivery.class)
                .setParameter("ids", IdLists.param(ids))
                .getResultList();
    }

    /**
     * Fails deliveries whose endpoint can no longer receive them (disabled or deleted), without an attempt (an
     * {@link IdLists} array).
     */
    public void abandon(List<String> ids, String error, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        getEntityManager()
                .createNativeQuery("UPDATE webhook_delivery SET status = 'failed', next_attempt_at = NULL,"
                        + " last_error = :error, updated_at = :now WHERE id = ANY (string_to_array(:ids, ','))")
                .setParameter("error", error)
                .setParameter("now", now)
                .setParameter("ids", IdLists.param(ids))
                .executeUpdate();
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
}
