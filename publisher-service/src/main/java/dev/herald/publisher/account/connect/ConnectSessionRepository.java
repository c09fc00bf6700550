package dev.herald.publisher.account.connect;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Connect flows in progress, found by the hash of their state. */
@ApplicationScoped
public class ConnectSessionRepository implements PanacheRepositoryBase<ConnectSession, String> {

    /** Locked, so two callbacks with one state cannot both pass the single-use check. */
    public Optional<ConnectSession> findByStateLocked(String stateHash) {
        return find("stateHash", stateHash)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }
}
