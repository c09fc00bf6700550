package dev.herald.webhook.endpoint.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.webhook.endpoint.Endpoint;

/** Webhook endpoints, always within a workspace. */
@ApplicationScoped
public class EndpointRepository implements PanacheRepositoryBase<Endpoint, String> {

    public List<Endpoint> enabledIn(String workspaceId) {
        return list("workspaceId = ?1 and status = ?2", workspaceId, Endpoint.ENABLED);
    }

    /** A workspace's endpoint, unless deleted. */
    public Optional<Endpoint> findIn(String workspaceId, String id) {
        return find("id = ?1 and workspaceId = ?2 and status <> ?3", id, workspaceId, Endpoint.DELETED)
                .firstResultOptional();
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
