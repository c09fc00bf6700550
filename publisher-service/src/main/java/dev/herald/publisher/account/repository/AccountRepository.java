package dev.herald.publisher.account.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.publisher.account.Account;

/** Accounts, always looked up within a workspace. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    public Optional<Account> findInWorkspace(String workspaceId, String accountId) {
        return find("id = ?1 and workspaceId = ?2", accountId, workspaceId).firstResultOptional();
    }

    /** A page of the workspace's accounts of one mode, in id (creation) order, after the cursor id. */
    public List<Account> page(String workspaceId, String mode, String afterId, int limit) {
        return find(
                        "workspaceId = ?1 and mode = ?2 and id > ?3 order by id",
                        workspaceId,
                        mode,
                        afterId == null ? "" : afterId)
                .page(0, limit)
                .list();
    }
}
