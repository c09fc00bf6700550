package dev.herald.kit.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.herald.events.EventJson;
import dev.herald.kit.id.Ids;
import dev.herald.kit.tx.AfterCommit;

/**
 * Stages an event in the caller's transaction: the event exists if and only if the business change committed.
 * {@link OutboxRelay} sends it to Kafka after the commit (at once, not at the next poll).
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

    /** Stages one event with an id the caller chose (when the payload carries it too). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, String eventType, String eventId, Object payload) {
        entityManager
                .createNativeQuery("INSERT INTO outbox (event_id, topic, msg_key, event_type, payload)"
                        + " VALUES (:eventId, :topic, :key, :type, :payload)")
                .setParameter("eventId", eventId)
                .setParameter("topic", topic)
                .setParameter("key", key)
                .setParameter("type", eventType)
                .setParameter("payload", payload instanceof String json ? json : EventJson.write(payload))
                .executeUpdate();
        afterCommit.once(WAKE_UP_KEY, relay::wake);
    }
}
