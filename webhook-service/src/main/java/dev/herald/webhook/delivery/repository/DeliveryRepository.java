package dev.herald.webhook.delivery.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.webhook.delivery.Delivery;

/** Deliveries, including the dispatcher's claim of due ones. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, String> {

    /** Locks up to {@code limit} due deliveries no other dispatcher holds. */
    @SuppressWarnings("unchecked")
    public List<Delivery> claimDue(int limit) {
        List<String> ids = getEntityManager()
                .createNativeQuery("SELECT id FROM webhook_delivery WHERE status = 'pending'"
                        + " AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED")
                .setParameter("limit", limit)
                .getResultList();
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }

    /** Adds a delivery unless one exists for this event and endpoint (a replayed topic adds nothing). */
    public boolean insertIfAbsent(Delivery delivery, String eventId) {
        long existing = count("endpointId = ?1 and eventId = ?2", delivery.endpointId(), eventId);
        if (existing > 0) {
            return false;
        }
        persist(delivery);
        return true;
    }
}
