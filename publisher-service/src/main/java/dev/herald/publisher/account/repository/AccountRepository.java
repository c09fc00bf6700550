package dev.herald.publisher.account.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

import dev.herald.publisher.account.Account;

/** Accounts, always looked up within a workspace. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    public Optional<Account> findInWorkspace(String workspaceId, String accountId) {
        return find("id = ?1 and workspaceId = ?2", accountId, workspaceId).firstResultOptional();
    }

    /** The account of one platform user in a workspace and mode (a reconnect finds it). */
    public Optional<Account> findByExternalId(String workspaceId, String platform, String mode, String externalId) {
        return find(
                        "workspaceId = ?1 and platform = ?2 and mode = ?3 and externalId = ?4",
                        workspaceId,
                        platform,
                        mode,
                        externalId)
                .firstResultOptional();
    }

    /**
     * Connected accounts whose token expires before {@code horizon} and may be refreshed now, soonest first; at most
     * {@code limit}.
     */
    public List<Account> dueForRefresh(Instant horizon, Instant now, int limit) {
        return find(
                        "status = 'connected' and refreshable = true and tokenExpiresAt < ?1"
                                + " and (refreshNotBefore is null or refreshNotBefore <= ?2) order by tokenExpiresAt",
                        horizon,
                        now)
                .page(0, limit)
                .list();
    }

    /**
     * Connected accounts that cannot be refreshed, whose token expires before {@code horizon}, and whose expiry was not
     * announced yet or has passed (to be marked expired).
     */
    public List<Account> unrefreshableExpiringBefore(Instant horizon, Instant now, int limit) {
        return find(
                        "status = 'connected' and refreshable = false and tokenExpiresAt < ?1 and (tokenExpiresAt < ?2"
                                + " or expiringAnnouncedFor is null or expiringAnnouncedFor <> tokenExpiresAt)"
                                + " order by tokenExpiresAt",
                        horizon,
                        now)
                .page(0, limit)
                .list();
    }

    /** Records when a platform call for the account began (pacing), touching no other column. */
    public void markCallStarted(String accountId, Instant now) {
        update("lastCallAt = ?1 where id = ?2", now, accountId);
    }

    public Optional<Account> findLocked(String accountId) {
        return findByIdOptional(accountId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * A page of the workspace's accounts of one mode, in id (creation) order, after the cursor id; {@code platform}
     * and {@code status} narrow it when given.
     */
    public List<Account> page(
            String workspaceId, String mode, String platform, String status, String afterId, int limit) {
        StringBuilder query = new StringBuilder("workspaceId = :ws and mode = :mode and id > :after");
        Parameters parameters =
                Parameters.with("ws", workspaceId).and("mode", mode).and("after", afterId == null ? "" : afterId);
        if (platform != null) {
            query.append(" and platform = :platform");
            parameters.and("platform", platform);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        return find(query.append(" order by id").toString(), parameters)
                .page(0, limit)
                .list();
    }
}
