package dev.herald.webhook.delivery.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.webhook.delivery.Attempt;

/** The attempt log. */
@ApplicationScoped
public class AttemptRepository implements PanacheRepositoryBase<Attempt, String> {

    /** A delivery's attempts, oldest first. */
    public List<Attempt> page(String deliveryId, String afterId, int limit) {
        return find("deliveryId = ?1 and id > ?2 order by id", deliveryId, afterId == null ? "" : afterId)
                .page(0, limit)
                .list();
    }
}
