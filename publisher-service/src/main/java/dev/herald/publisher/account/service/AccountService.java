package dev.herald.publisher.account.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.events.EventTypes;
import dev.herald.events.Topics;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.outbox.Outbox;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.credential.CredentialService;
import dev.herald.publisher.account.repository.AccountRepository;

/** Connecting, listing and disconnecting accounts; every change is announced on the compacted accounts topic. */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final Outbox outbox;
    private final CredentialService credentials;

    public AccountService(AccountRepository accounts, Outbox outbox, CredentialService credentials) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.credentials = credentials;
    }

    /**
     * Creates a sandbox account impersonating {@code platform} (a known platform id, {@code sandbox} for the generic
     * one): the announcement carries that platform, so the post-service validates posts for it.
     */
    @Transactional
    public Account createSandbox(String workspaceId, String mode, String platform, String handle) {
        if (!"test".equals(mode)) {
            throw new ApiException(
                    403, "test_mode_required", "Sandbox accounts are for test mode: use an hk_test_ key.");
        }
        Account account = Account.sandbox(workspaceId, platform, handle, Instant.now());
        accounts.persist(account);
        outbox.append(Topics.ACCOUNTS, account.id(), EventTypes.ACCOUNT_CONNECTED, account.toEvent());
        return account;
    }

    @Transactional
    public List<Account> list(
            String workspaceId, String mode, String platform, String status, String after, int limit) {
        return accounts.page(workspaceId, mode, platform, status, after, limit);
    }

    @Transactional
    public Account get(String workspaceId, String accountId) {
        return accounts.findInWorkspace(workspaceId, accountId)
                .orElseThrow(() -> ApiException.notFound("account", accountId));
    }

    @Transactional
    public Account disconnect(String workspaceId, String accountId) {
        Account account = get(workspaceId, accountId);
        if (account.disconnect(Instant.now())) {
            // In the same transaction: a disconnected account keeps no tokens that could still be used or leaked.
            credentials.forget(account);
            outbox.append(Topics.ACCOUNTS, account.id(), EventTypes.ACCOUNT_DISCONNECTED, account.toEvent());
        }
        return account;
    }
}
