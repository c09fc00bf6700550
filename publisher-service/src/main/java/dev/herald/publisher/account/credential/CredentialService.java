package dev.herald.publisher.account.credential;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;

import dev.herald.publisher.account.Account;
import dev.herald.publisher.config.PublisherConfig;

/**
 * Stores and reads accounts' credentials, encrypted at rest; a record wrapped with an older key moves to the current
 * one when it is next read or written, in that transaction (lazy rotation).
 */
@ApplicationScoped
@Startup // without a usable key ring the service refuses to start, rather than fail at the first token
public class CredentialService {

    private final AccountCredentialRepository credentials;
    private final CredentialVault vault;

    @Inject
    public CredentialService(AccountCredentialRepository credentials, PublisherConfig config) {
        this(
                credentials,
                new CredentialVault(KeyRing.fromConfig(
                        config.credentials().keys(),
                        config.credentials().currentKey(),
                        !LaunchMode.current().isDevOrTest())));
    }

    CredentialService(AccountCredentialRepository credentials, CredentialVault vault) {
        this.credentials = credentials;
        this.vault = vault;
    }

    /**
     * Stores the account's credentials under a fresh data key. Credentials without a refresh token keep the stored
     * one: a platform answering a refresh without a new refresh token must not disconnect the account.
     */
    @Transactional
    public void store(Account account, Credentials update) {
        Instant now = Instant.now();
        Optional<AccountCredential> stored = credentials.findLocked(account.id());
        if (stored.isEmpty()) {
            credentials.persist(AccountCredential.of(account.id(), seal(account, update), now));
            return;
        }
        AccountCredential row = stored.get();
        // Only opened when needed, so a record that can no longer be read can still be replaced by complete ones.
        Credentials merged = update.hasRefreshToken() ? update : update.keepingRefreshTokenOf(open(account, row));
        row.replace(seal(account, merged), now);
    }

    /** Forgets the account's credentials (a disconnected account keeps no tokens). */
    @Transactional
    public void forget(Account account) {
        credentials.deleteById(account.id());
    }

    /** The account's credentials, if any were stored. */
    @Transactional
    public Optional<Credentials> read(Account account) {
        Optional<AccountCredential> found = credentials.findByIdOptional(account.id());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AccountCredential row = found.get();
        if (vault.isCurrent(row.sealed())) {
            return Optional.of(open(account, row));
        }
        // Concurrent readers rotate one at a time; the later ones then find the record already on the current key.
        credentials.lockAndReload(row);
        Credentials read = open(account, row);
        if (!vault.isCurrent(row.sealed())) {
            row.replace(seal(account, read), Instant.now());
        }
        return Optional.of(read);
    }

    /**
     * The account's credentials with its row locked until the caller's transaction ends: whoever holds it is the only
     * one refreshing this account's tokens (ten concurrent refresh triggers make one platform call; the others then
     * read what it stored).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Credentials> readLocked(Account account) {
        return credentials.findLocked(account.id()).map(row -> open(account, row));
    }

    /**
     * Seals a short-lived secret that belongs to something other than an account (a connect flow's PKCE verifier),
     * bound to its workspace and owner id like an account's credentials.
     */
    public SealedCredentials seal(String workspaceId, String ownerId, Credentials plain) {
        return vault.seal(workspaceId, ownerId, plain);
    }

    public Credentials open(String workspaceId, String ownerId, SealedCredentials sealed) {
        return vault.open(workspaceId, ownerId, sealed);
    }

    private SealedCredentials seal(Account account, Credentials plain) {
        return vault.seal(account.workspaceId(), account.id(), plain);
    }

    private Credentials open(Account account, AccountCredential row) {
        return vault.open(account.workspaceId(), account.id(), row.sealed());
    }
}
