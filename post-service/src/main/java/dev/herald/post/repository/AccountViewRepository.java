package dev.herald.post.repository;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.post.AccountView;

/** The account read model. */
@ApplicationScoped
public class AccountViewRepository implements PanacheRepositoryBase<AccountView, String> {

    /** Ids of the workspace's connected accounts of these platforms and mode, oldest first. */
    public List<String> connectedIds(String workspaceId, String mode, Collection<String> platforms) {
        return find(
                        "workspaceId = ?1 and mode = ?2 and platform in ?3 and status = ?4 order by id",
                        workspaceId,
                        mode,
                        platforms,
                        AccountView.CONNECTED)
                .project(IdOnly.class)
                .list()
                .stream()
                .map(IdOnly::id)
                .toList();
    }

    /** Projection of an account's id. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record IdOnly(String id) {}
}
