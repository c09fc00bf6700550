package dev.herald.gateway.identity.repository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.gateway.identity.Workspace;

/** Workspaces. */
@ApplicationScoped
public class WorkspaceRepository implements PanacheRepositoryBase<Workspace, String> {

    /** A live workspace of one of these organizations. */
    public Optional<Workspace> findLive(String workspaceId, Collection<String> organizationIds) {
        return find("id = ?1 and organizationId in ?2 and deletedAt is null", workspaceId, organizationIds)
                .firstResultOptional();
    }

    /** The live workspaces of these organizations after {@code afterId}, by id. */
    public List<Workspace> page(Collection<String> organizationIds, String afterId, int limit) {
        return find(
                        "organizationId in ?1 and deletedAt is null and id > ?2 order by id",
                        organizationIds,
                        afterId == null ? "" : afterId)
                .page(0, limit)
                .list();
    }

    /** Every origin some live workspace allows (for CORS preflights, which carry no credentials). */
    public List<String> allowedOriginLists() {
        return getEntityManager()
                .createQuery(
                        "select distinct w.corsOrigins from Workspace w where w.corsOrigins <> '' and w.deletedAt is null",
                        String.class)
                .getResultList();
    }
}
