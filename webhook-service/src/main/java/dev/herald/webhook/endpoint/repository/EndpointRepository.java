package dev.herald.webhook.endpoint.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.webhook.endpoint.Endpoint;

/** Webhook endpoints, always within a workspace. */
@ApplicationScoped
public class EndpointRepository implements PanacheRepositoryBase<Endpoint, String> {

    public List<Endpoint> enabledIn(String workspaceId) {
        return list("workspaceId = ?1 and status = ?2", workspaceId, Endpoint.ENABLED);
    }

    public List<Endpoint> page(String workspaceId, String afterId, int limit) {
        return find("workspaceId = ?1 and id > ?2 order by id", workspaceId, afterId == null ? "" : afterId)
                .page(0, limit)
                .list();
    }
}
