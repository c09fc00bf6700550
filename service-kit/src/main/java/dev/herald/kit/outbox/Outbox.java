package dev.herald.kit.outbox;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

import dev.herald.events.EventJson;
import dev.herald.kit.id.Ids;
import dev.herald.kit.tracing.TraceContext;
import dev.herald.kit.tx.AfterCommit;

/**
 * Stages an event in the caller's transaction: the event exists if and only if the business change committed.
 * {@link OutboxRelay} sends it to Kafka after the commit (at once, not at the next poll). The current trace context
 * is stored with the event, so the trace continues on the other side of Kafka.
 */
@ApplicationScoped
public class Outbox {

    private static final Object WAKE_UP_KEY = new Object();

    private final EntityManager entityManager;
    private final AfterCommit afterCommit;
    private final OutboxRelay relay;

    public Outbox(EntityManager entityManager, AfterCommit afterCommit, OutboxRelay relay) {
        this.entityManager = entityManager;
        this.afterCommit = afterCommit;
        this.relay = relay;
    }

    /**
     * Stages one event; returns its event id ({@code evt_…}).
     *
     * @param key the Kafka record key (decides the partition and so the order among events with the same key)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String append(String topic, String key, String eventType, Object payload) {
        String eventId = Ids.newId("evt");
        append(topic, key, eventType, eventId, payload);
        return eventId;
    }

    /**
     * Stages many events in one JDBC batch (rewritten by the driver into multi-row inserts): the way to write the
     * outbox rows of a whole batch of work.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(String topic, String eventType, List<Staged> events) {
        if (events.isEmpty()) {
            return;
        }
        Instant[] earliest = new Instant[1];
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO outbox (event_id, topic, msg_key, event_type, payload, trace_parent, trace_state,"
                            + " not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                TraceContext trace = TraceContext.current();
                for (Staged event : events) {
                    if (event.notBefore() != null
                            && (earliest[0] == null || event.notBefore().isBefore(earliest[0]))) {
                        earliest[0] = event.notBefore();
                    }
                    insert.setString(1, Ids.newId("evt"));
                    insert.setString(2, topic);
                    insert.setString(3, event.key());
                    insert.setString(4, eventType);
                    insert.setString(5, EventJson.write(event.payload()));
                    insert.setString(6, trace == null ? null : trace.traceparent());
                    insert.setString(7, trace == null ? null : trace.tracestate());
                    insert.setObject(
                            8,
                            event.notBefore() == null ? null : event.notBefore().atOffset(ZoneOffset.UTC),
                            Types.TIMESTAMP_WITH_TIMEZONE);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        afterCommit.once(WAKE_UP_KEY, relay::wake);
        if (earliest[0] != null) {
            // Held events wake the relay at their time (a key per call: each batch may hold an earlier one).
            Instant at = earliest[0];
            afterCommit.once(new Object(), () -> relay.wakeAt(at));
        }
    }

    /**
     * An event to stage: its Kafka key and payload, and the time before which the relay does not send it (null: at
     * once). Held events stay in the outbox, so they are sent by whichever replica's relay is alive at that time.
     */
    public record Staged(String key, Object payload, Instant notBefore) {

        public Staged(String key, Object payload) {
            this(key, payload, null);
        }
    }

    /** Stages one event with an id the caller chose (when the payload carries it too). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, String eventType, String eventId, Object payload) {
        TraceContext trace = TraceContext.current();
        entityManager
                .createNativeQuery(
                        "INSERT INTO outbox (event_id, topic, msg_key, event_type, payload, trace_parent, trace_state)"
                                + " VALUES (:eventId, :topic, :key, :type, :payload, :traceParent, :traceState)")
                .setParameter("eventId", eventId)
                .setParameter("topic", topic)
                .setParameter("key", key)
                .setParameter("type", eventType)
                .setParameter("payload", payload instanceof String json ? json : EventJson.write(payload))
                .unwrap(NativeQuery.class)
                // Typed: an untyped null would reach PostgreSQL as bytea.
                .setParameter("traceParent", trace == null ? null : trace.traceparent(), String.class)
                .setParameter("traceState", trace == null ? null : trace.tracestate(), String.class)
                .executeUpdate();
        afterCommit.once(WAKE_UP_KEY, relay::wake);
    }
}
