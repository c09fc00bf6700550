package dev.herald.kit.inbox;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.hibernate.Session;

import dev.herald.events.CloudEventHeaders;

/**
 * The processed-event log of idempotent consumers: an event id is recorded in the same transaction as the effect, so
 * a redelivered event (at-least-once Kafka, outbox re-send) has no second effect. One event at a time
 * ({@link #firstTime(String, String)}) or a whole poll with one statement ({@link #firstTimeAll}, {@link #fresh}).
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
     * Records the events for this consumer in the caller's transaction with one statement; returns the ids not
     * processed before.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> firstTimeAll(String consumer, Collection<String> eventIds) {
        Set<String> first = new HashSet<>();
        if (eventIds.isEmpty()) {
            return first;
        }
        // Sorted: two transactions recording overlapping ids (a rebalance hands a poll to another replica) wait for
        // each other in the same order instead of deadlocking.
        String[] ids = new TreeSet<>(eventIds).toArray(String[]::new);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO processed_event (consumer, event_id) SELECT ?, unnest(?::text[])"
                            + " ON CONFLICT DO NOTHING RETURNING event_id")) {
                insert.setString(1, consumer);
                insert.setArray(2, connection.createArrayOf("text", ids));
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        first.add(rows.getString(1));
                    }
                }
            }
        });
        return first;
    }

    /**
     * Records a poll's events for this consumer (one statement) and returns those not processed before, in their
     * order; an event that comes twice in the poll (a replay) is returned once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> List<T> fresh(String consumer, List<T> events, Function<T, String> eventId) {
        Set<String> first = firstTimeAll(consumer, events.stream().map(eventId).toList());
        List<T> fresh = new ArrayList<>(first.size());
        for (T event : events) {
            if (first.remove(eventId.apply(event))) {
                fresh.add(event);
            }
        }
        return fresh;
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
