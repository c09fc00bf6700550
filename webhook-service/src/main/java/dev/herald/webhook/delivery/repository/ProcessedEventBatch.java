package dev.herald.webhook.delivery.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

/**
 * The service kit's processed-event log ({@code processed_event}), written for a whole batch of consumed events with
 * one statement: the kit's {@code ProcessedEvents} records one event per round trip.
 */
@ApplicationScoped
public class ProcessedEventBatch {

    private final EntityManager entityManager;

    public ProcessedEventBatch(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Records the events for this consumer in the caller's transaction; returns those not processed before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> firstTime(String consumer, List<String> eventIds) {
        Set<String> first = new HashSet<>();
        if (eventIds.isEmpty()) {
            return first;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO processed_event (consumer, event_id) SELECT ?, unnest(?::text[])"
                            + " ON CONFLICT DO NOTHING RETURNING event_id")) {
                insert.setString(1, consumer);
                insert.setArray(2, connection.createArrayOf("text", eventIds.toArray(String[]::new)));
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        first.add(rows.getString(1));
                    }
                }
            }
        });
        return first;
    }
}
