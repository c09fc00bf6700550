package dev.herald.publisher.metrics;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.herald.events.EventTypes;
import dev.herald.events.MetricsReport;
import dev.herald.events.MetricsRequest;
import dev.herald.events.Topics;
import dev.herald.kit.inbox.ConsumerTransactions;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.kit.outbox.Outbox;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.publisher.connector.Connectors;
import dev.herald.publisher.connector.PlatformGuards;

/**
 * Answers analytics' metrics requests where the credentials are: fetches through the account's connector and emits the
 * report through the outbox. A redelivered request (same event id) is neither fetched nor answered again; a platform's
 * 429 is answered as such, with the time to ask again, and analytics reschedules the slot. Calls go through the
 * platform's circuit breaker and bulkhead ({@link PlatformGuards#metrics}), which answer a call they put off the same
 * way. Each transaction waits out an outage on its own ({@link ConsumerTransactions}), so a failure to record the
 * answer never makes the platform be asked again (that would spend the tenant's rate limit).
 */
@ApplicationScoped
public class MetricsCollector {

    static final String CONSUMER = "publisher-service.metrics-requests";

    private final AccountRepository accounts;
    private final Connectors connectors;
    private final PlatformGuards guards;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final ConsumerTransactions transactions;

    public MetricsCollector(
            AccountRepository accounts,
            Connectors connectors,
            PlatformGuards guards,
            ProcessedEvents processed,
            Outbox outbox,
            EntityManager entityManager,
            ConsumerTransactions transactions) {
        this.accounts = accounts;
        this.connectors = connectors;
        this.guards = guards;
        this.processed = processed;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.transactions = transactions;
    }

    /** Collects and answers one request, once per event id. */
    public void handle(String eventId, MetricsRequest request) {
        if (answered(eventId)) {
            return;
        }
        Account account = transactions.call(() -> accounts.findInWorkspace(request.workspaceId(), request.accountId())
                .orElse(null));
        MetricsOutcome outcome = fetch(account, request);
        Instant now = Instant.now();
        MetricsReport report = MetricsReport.answering(
                request,
                outcome.status(),
                outcome.values(),
                outcome.raw(),
                outcome.errorCode(),
                outcome.errorMessage(),
                outcome.retryAfter() == null ? null : now.plus(outcome.retryAfter()),
                now);
        transactions.run(() -> {
            if (processed.firstTime(CONSUMER, eventId)) {
                outbox.append(Topics.METRICS, request.accountId(), EventTypes.METRICS_REPORTED, report);
            }
        });
    }

    private MetricsOutcome fetch(Account account, MetricsRequest request) {
        if (account == null) {
            return MetricsOutcome.failed("account_not_found", "No account " + request.accountId() + " here.");
        }
        if (!account.isConnected()) {
            return MetricsOutcome.unsupported("The account is " + account.status() + "; reconnect it to get metrics.");
        }
        if (MetricsRequest.POST.equals(request.kind()) && request.platformPostId() == null) {
            return MetricsOutcome.failed("no_platform_post", "The destination has no platform post id.");
        }
        var connector = connectors.forAccount(account);
        if (connector.isEmpty()) {
            return MetricsOutcome.unsupported("No connector for " + account.platform() + ".");
        }
        // A network error or an answer the connector did not expect is a failure: analytics retries the slot.
        return guards.metrics(connector.get(), account, request);
    }

    private boolean answered(String eventId) {
        return transactions.call(() -> !entityManager
                .createNativeQuery("SELECT 1 FROM processed_event WHERE consumer = :consumer AND event_id = :id")
                .setParameter("consumer", CONSUMER)
                .setParameter("id", eventId)
                .getResultList()
                .isEmpty());
    }
}
