package dev.herald.publisher.publish.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.publisher.publish.LedgerEntry;

/** The publish ledger. */
@ApplicationScoped
public class LedgerRepository implements PanacheRepositoryBase<LedgerEntry, String> {

    /** The entry, row-locked for the rest of the transaction (serialises redeliveries of one destination). */
    public LedgerEntry lockById(String destinationId) {
        return findById(destinationId, LockModeType.PESSIMISTIC_WRITE);
    }
}
