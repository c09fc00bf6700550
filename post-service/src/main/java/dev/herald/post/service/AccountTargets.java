package dev.herald.post.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.kit.error.ApiError;
import dev.herald.post.AccountView;
import dev.herald.post.config.PostConfig;
import dev.herald.post.repository.AccountViewRepository;

/** Checks account ids a request targets against the account read model: the workspace's, connected, same mode. */
@ApplicationScoped
public class AccountTargets {

    private final AccountViewRepository accounts;
    private final PostConfig config;

    public AccountTargets(AccountViewRepository accounts, PostConfig config) {
        this.accounts = accounts;
        this.config = config;
    }

    /**
     * The accounts that pass; a problem is recorded for each that does not (and for an empty list).
     *
     * @param mode {@code live} or {@code test}: the caller's key mode
     */
    public List<AccountView> resolve(
            String workspaceId, String mode, List<String> accountIds, List<ApiError.Detail> problems) {
        List<AccountView> targets = new ArrayList<>();
        if (accountIds == null || accountIds.isEmpty()) {
            problems.add(new ApiError.Detail("account_ids", "required", "At least one account id is required."));
            return targets;
        }
        if (accountIds.size() > config.maxAccountsPerPost()) {
            problems.add(new ApiError.Detail(
                    "account_ids", "too_many", "At most " + config.maxAccountsPerPost() + " accounts."));
            return targets;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < accountIds.size(); i++) {
            String accountId = accountIds.get(i);
            String field = "account_ids[" + i + "]";
            if (accountId == null || !seen.add(accountId)) {
                problems.add(new ApiError.Detail(field, "duplicate_or_empty", "Each account may be listed once."));
                continue;
            }
            AccountView account = accounts.findById(accountId);
            if (account == null || !account.workspaceId().equals(workspaceId)) {
                problems.add(new ApiError.Detail(
                        field, "account_not_found", "No account '" + accountId + "' in this workspace."));
            } else if (!account.isConnected()) {
                problems.add(new ApiError.Detail(
                        field,
                        "account_not_connected",
                        "The account is " + account.status() + "; reconnect it first."));
            } else if (!mode.equals(account.mode())) {
                problems.add(new ApiError.Detail(
                        field,
                        "account_mode_mismatch",
                        "test".equals(mode)
                                ? "A test key can only publish to sandbox accounts."
                                : "A live key cannot publish to sandbox accounts."));
            } else {
                targets.add(account);
            }
        }
        return targets;
    }
}
