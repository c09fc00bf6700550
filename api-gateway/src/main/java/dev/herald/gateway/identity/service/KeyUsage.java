package dev.herald.gateway.identity.service;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Records when each key was last used without a database write per request: the time is kept in memory and flushed
 * in one batch every 30 s (and at shutdown). Replicas flush independently; the latest time wins.
 */
@ApplicationScoped
public class KeyUsage {

    private final EntityManager entityManager;
    private final ConcurrentHashMap<String, Instant> lastUsed = new ConcurrentHashMap<>();

    public KeyUsage(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Cheap enough for the event loop. */
    public void touch(String keyId) {
        lastUsed.put(keyId, Instant.now());
    }

    // The last flush runs on ShutdownEvent, not @PreDestroy: by then Hibernate would already be closed.
    void flushOnShutdown(@Observes ShutdownEvent shutdown) {
        flush();
    }

    @Scheduled(every = "${herald.gateway.key-usage-flush-interval:30s}", delayed = "30s")
    public void flush() {
        if (lastUsed.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String keyId : lastUsed.keySet()) {
            Instant at = lastUsed.remove(keyId);
            if (at != null) {
                batch.put(keyId, at);
            }
        }
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager.unwrap(Session.class).doWork(connection -> {
                    try (PreparedStatement update = connection.prepareStatement("UPDATE api_key SET last_used_at = ?"
                            + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
                        for (Map.Entry<String, Instant> entry : batch.entrySet()) {
                            Timestamp at = Timestamp.from(entry.getValue());
                            update.setTimestamp(1, at);
                            update.setString(2, entry.getKey());
                            update.setTimestamp(3, at);
                            update.addBatch();
                        }
                        update.executeBatch();
                    }
                }));
    }
}
