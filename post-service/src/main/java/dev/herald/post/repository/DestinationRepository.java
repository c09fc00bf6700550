package dev.herald.post.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.post.Destination;

/** Destinations, including the dispatcher's claim of due ones. */
@ApplicationScoped
public class DestinationRepository implements PanacheRepositoryBase<Destination, String> {

    /**
     * Locks up to {@code limit} due destinations that no other dispatcher holds ({@code SKIP LOCKED}: replicas
     * split the work instead of waiting on each other). Literal statuses so the partial index {@code destination_due}
     * applies. Must run in a transaction that then dispatches them.
     */
    @SuppressWarnings("unchecked")
    public List<Destination> claimDue(int limit) {
        List<String> ids = getEntityManager()
                .createNativeQuery("SELECT d.id FROM destination d WHERE d.status IN ('scheduled', 'retrying')"
                        + " AND d.due_at <= now()"
                        // A paused queue holds its posts until it is resumed.
                        + " AND NOT EXISTS (SELECT 1 FROM post p JOIN queue q ON q.id = p.queue_id"
                        + " WHERE p.id = d.post_id AND q.paused)"
                        + " ORDER BY d.due_at LIMIT :limit FOR UPDATE OF d SKIP LOCKED")
                .setParameter("limit", limit)
                .getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return find("select d from Destination d join fetch d.post where d.id in ?1", ids)
                .list();
    }
}
