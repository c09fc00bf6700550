package dev.herald.kit.inbox;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import dev.herald.events.CloudEventHeaders;

/**
 * The processed-event log of idempotent consumers: an event id is recorded in the same transaction as the effect, so
 * a redelivered event (at-least-once Kafka, outbox re-send) has no second effect.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final EntityManager entityManager;

    public ProcessedEvents(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Records the event for this consumer; {@code false} when it was processed before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String consumer, String eventId) {
        return entityManager
                        .createNativeQuery("INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :id)"
                                + " ON CONFLICT DO NOTHING")
                        .setParameter("consumer", consumer)
                        .setParameter("id", eventId)
                        .executeUpdate()
                == 1;
    }

    /**
     * The CloudEvents id of a record; records without one (written by hand to the topic) fall back to their position,
     * which is unique too.
     */
    public static String eventId(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(CloudEventHeaders.ID);
        return header != null
                ? new String(header.value(), StandardCharsets.UTF_8)
                : record.topic() + "/" + record.partition() + "/" + record.offset();
    }
}
