package dev.herald.publisher.account.credential;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Accounts' encrypted credentials by account id. */
@ApplicationScoped
public class AccountCredentialRepository implements PanacheRepositoryBase<AccountCredential, String> {

    /** The account's row, locked until the transaction ends (FOR UPDATE): one writer per account at a time. */
    public Optional<AccountCredential> findLocked(String accountId) {
        return findByIdOptional(accountId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Locks a row already read and reloads it, to see what a writer that held the lock committed. */
    public AccountCredential lockAndReload(AccountCredential credential) {
        getEntityManager().refresh(credential, LockModeType.PESSIMISTIC_WRITE);
        return credential;
    }
}
