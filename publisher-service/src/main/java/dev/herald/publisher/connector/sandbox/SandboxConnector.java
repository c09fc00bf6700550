package dev.herald.publisher.connector.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.events.PublishRequest;
import dev.herald.kit.id.Ids;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.connector.PlatformConnector;
import dev.herald.publisher.connector.PublishOutcome;

/**
 * The built-in sandbox platform for test mode: it "publishes" into its own table, deduplicating on the idempotency
 * key as a real platform with idempotency support would, so integrators exercise every path without a network. A
 * caption containing {@value #FAIL_MARKER} is rejected, like Stripe's test card numbers.
 */
@ApplicationScoped
public class SandboxConnector implements PlatformConnector {

    public static final String FAIL_MARKER = "[sandbox:fail]";
    static final String PERMALINK_BASE = "https://sandbox.herald.dev/";

    private final EntityManager entityManager;

    public SandboxConnector(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public String platform() {
        return "sandbox";
    }

    @Override
    public PublishOutcome publish(Account account, PublishRequest request) {
        if (request.caption() != null && request.caption().contains(FAIL_MARKER)) {
            return PublishOutcome.failed(
                    "sandbox_rejected", "The sandbox rejected this post (caption has " + FAIL_MARKER + ").");
        }
        // The platform's own transaction: it commits whatever Herald does next, as a remote platform would.
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager
                    .createNativeQuery("INSERT INTO sandbox_post (id, account_id, idempotency_key, text)"
                            + " VALUES (:id, :account, :key, :text) ON CONFLICT (idempotency_key) DO NOTHING")
                    .setParameter("id", Ids.newId("sbx"))
                    .setParameter("account", account.id())
                    .setParameter("key", request.destinationId())
                    .setParameter("text", request.caption())
                    .executeUpdate();
            return find(account, request.destinationId()).orElseThrow();
        });
    }

    @Override
    public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
        return QuarkusTransaction.requiringNew().call(() -> find(account, request.destinationId()));
    }

    private Optional<PublishOutcome> find(Account account, String idempotencyKey) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT id, created_at FROM sandbox_post WHERE idempotency_key = :key")
                .setParameter("key", idempotencyKey)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            String id = (String) row[0];
            Instant at = row[1] instanceof Instant instant
                    ? instant
                    : row[1] instanceof java.time.OffsetDateTime offset ? offset.toInstant() : Instant.now();
            return PublishOutcome.published(id, PERMALINK_BASE + account.handle() + "/posts/" + id, at);
        });
    }
}
