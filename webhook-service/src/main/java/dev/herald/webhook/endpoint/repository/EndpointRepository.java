package dev.herald.webhook.endpoint.repository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.sql.IdLists;

/** Webhook endpoints, always within a workspace. */
@ApplicationScoped
public class EndpointRepository implements PanacheRepositoryBase<Endpoint, String> {

    /** The enabled endpoints of these workspaces (one query for a whole batch of events; an {@link IdLists} array). */
    @SuppressWarnings("unchecked")
    public List<Endpoint> enabledIn(Collection<String> workspaceIds) {
        if (workspaceIds.isEmpty()) {
            return List.of();
        }
        return getEntityManager()
                .createNativeQuery(
                        "SELECT * FROM webhook_endpoint WHERE workspace_id = ANY (string_to_array(:workspaces, ','))"
                                + " AND status = :status",
                        Endpoint.class)
                .setParameter("workspaces", IdLists.param(workspaceIds))
                .setParameter("status", Endpoint.ENABLED)
                .getResultList();
    }

    /** A workspace's endpoint, unless deleted. */
    public Optional<Endpoint> findIn(String workspaceId, String id) {
        return inWorkspace(workspaceId, id).firstResultOptional();
    }

    /**
     * As {@link #findIn}, with the row locked until the caller's transaction ends: the tenant's changes and the
     * dispatcher's health records each read the endpoint and write all of it back, so each must see the other's.
     */
    public Optional<Endpoint> lockIn(String workspaceId, String id) {
        return inWorkspace(workspaceId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    private PanacheQuery<Endpoint> inWorkspace(String workspaceId, String id) {
        return find("id = ?1 and workspaceId = ?2 and status <> ?3", id, workspaceId, Endpoint.DELETED);
    }

    /**
     * Locks these endpoints until the caller's transaction ends, in id order (no deadlock between two lockers), and
     * loads them into the session: one statement for the whole set (an {@link IdLists} array).
     */
    @SuppressWarnings("unchecked")
    public List<Endpoint> lockAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return getEntityManager()
                .createNativeQuery(
                        "SELECT * FROM webhook_endpoint WHERE id = ANY (string_to_array(:ids, ',')) ORDER BY id"
                                + " FOR UPDATE",
                        Endpoint.class)
                .setParameter("ids", IdLists.param(new TreeSet<>(ids)))
                .getResultList();
    }

    public List<Endpoint> page(String workspaceId, String afterId, int limit) {
        return find(
                        "workspaceId = ?1 and id > ?2 and status <> ?3 order by id",
                        workspaceId,
                        afterId == null ? "" : afterId,
                        Endpoint.DELETED)
                .page(0, limit)
                .list();
    }
}
