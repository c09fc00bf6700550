package dev.herald.publisher.publish.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.publisher.publish.LedgerEntry;
import dev.herald.publisher.publish.repository.LedgerRepository;

/**
 * Lets a connector remember, on the destination's ledger entry, what a multi-step publish created before its final
 * step — a Threads or Instagram container id — committed at once, so that after a crash or a lost answer the next
 * try publishes that container (once) rather than creating and publishing another.
 */
@ApplicationScoped
public class Checkpoints {

    private final LedgerRepository ledger;

    public Checkpoints(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    public void save(String destinationId, String checkpoint) {
        QuarkusTransaction.requiringNew()
                .run(() ->
                        ledger.update("platformCheckpoint = ?1 where destinationId = ?2", checkpoint, destinationId));
    }

    public Optional<String> find(String destinationId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ledger.findByIdOptional(destinationId).map(LedgerEntry::platformCheckpoint));
    }
}
