package dev.herald.gateway.identity.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.gateway.identity.ApiKey;

/** API keys, found by the hash of their secret. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Optional<ApiKey> findActiveByHash(String secretHash) {
        return find("secretHash = ?1 and revokedAt is null", secretHash).firstResultOptional();
    }

    public Optional<ApiKey> findInWorkspace(String workspaceId, String keyId) {
        return find("id = ?1 and workspaceId = ?2", keyId, workspaceId).firstResultOptional();
    }

    public List<ApiKey> page(String workspaceId, String afterId, int limit) {
        return find("workspaceId = ?1 and id > ?2 order by id", workspaceId, afterId == null ? "" : afterId)
                .page(0, limit)
                .list();
    }
}
