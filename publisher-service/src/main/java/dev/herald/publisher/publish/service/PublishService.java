package dev.herald.publisher.publish.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.Topics;
import dev.herald.kit.outbox.Outbox;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.Connectors;
import dev.herald.publisher.connector.PlatformConnector;
import dev.herald.publisher.connector.PlatformGuards;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.publish.LedgerEntry;
import dev.herald.publisher.publish.repository.LedgerRepository;

/**
 * Publishes one destination at most once: the ledger entry is committed {@code in_flight} before the platform call;
 * a redelivered request for a finished destination only re-emits its result; one found {@code in_flight} (the
 * previous attempt's outcome is unknown) is read back from the platform before any new call. Results leave through
 * the outbox, in the transaction that records them. Calls go through the platform's breaker and bulkhead
 * ({@link PlatformGuards}); a call they put off is recorded as {@code retrying} without using an attempt, as is one
 * that would follow the account's previous call sooner than the platform's pacing allows.
 */
@ApplicationScoped
public class PublishService {

    private static final Logger LOG = Logger.getLogger(PublishService.class);

    private final LedgerRepository ledger;
    private final AccountRepository accounts;
    private final Connectors connectors;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final RetryPolicy retries;
    private final PlatformGuards guards;
    private final Map<String, Duration> pacing;

    public PublishService(
            LedgerRepository ledger,
            AccountRepository accounts,
            Connectors connectors,
            Outbox outbox,
            MeterRegistry metrics,
            RetryPolicy retries,
            PlatformGuards guards,
            PublisherConfig config) {
        this.pacing = config.pacing();
        this.retries = retries;
        this.guards = guards;
        this.ledger = ledger;
        this.accounts = accounts;
        this.connectors = connectors;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    public void handle(PublishRequest request) {
        Step step = QuarkusTransaction.requiringNew().call(() -> claim(request));
        if (step.kind() == Step.Kind.DONE) {
            return;
        }
        Optional<PublishOutcome> outcome = Optional.empty();
        if (step.kind() == Step.Kind.RECONCILE && !step.connector().canLookUp(request)) {
            // The platform may have published it and cannot be asked: a retry could publish twice.
            outcome = Optional.of(PublishOutcome.failed(
                    "unknown_outcome",
                    "The connection to " + request.platform() + " was lost after the post was sent, and "
                            + request.platform() + " cannot be asked whether it was published. Check the account"
                            + " before retrying: a retry could publish it twice."));
        } else if (step.kind() == Step.Kind.RECONCILE) {
            outcome = step.connector().lookup(step.account(), request);
            LOG.infof(
                    "Destination %s had an unknown outcome; platform read-back: %s",
                    request.destinationId(), outcome.map(o -> o.kind().name()).orElse("not found"));
            if (outcome.isEmpty()) {
                QuarkusTransaction.requiringNew()
                        .run(() ->
                                ledger.lockById(request.destinationId()).beginCall(request.attempt(), Instant.now()));
            }
        }
        if (outcome.isEmpty()) {
            if (!QuarkusTransaction.requiringNew()
                    .call(() -> ledger.lockById(request.destinationId()).heldBy(step.fence()))) {
                // Claimed again since (this publisher was frozen past its session and the request went to another,
                // which owns the call now): calling too could publish twice.
                LOG.warnf(
                        "Destination %s was claimed by another publisher meanwhile: not calling %s",
                        request.destinationId(), request.platform());
                return;
            }
            outcome = Optional.of(call(step.connector(), step.account(), request));
        }
        PublishOutcome finalOutcome = outcome.get();
        QuarkusTransaction.requiringNew().run(() -> record(request, finalOutcome));
        // One line per attempt, in the request's trace (traceId, requestId in JSON logs): what operators search first.
        LOG.infof(
                "Destination %s of post %s on %s, attempt %d: %s%s",
                request.destinationId(),
                request.postId(),
                request.platform(),
                request.attempt(),
                finalOutcome.kind(),
                finalOutcome.errorCode() == null ? "" : " (" + finalOutcome.errorCode() + ")");
        metrics.counter(
                        "herald.publish.attempts",
                        "platform",
                        request.platform(),
                        "outcome",
                        finalOutcome.kind().name().toLowerCase())
                .increment();
    }

    private PublishOutcome call(PlatformConnector connector, Account account, PublishRequest request) {
        try {
            return guards.publish(connector, account, request);
        } catch (RuntimeException e) {
            // The call may have reached the platform: leave the entry in_flight so a redelivery reads back first.
            LOG.warnf(
                    "Publishing %s to %s failed with an unknown outcome: %s",
                    request.destinationId(), request.platform(), e.getMessage());
            throw e;
        }
    }

    /** Decides what to do, committing {@code in_flight} before any platform call. */
    private Step claim(PublishRequest request) {
        Instant now = Instant.now();
        LedgerEntry entry = ledger.lockById(request.destinationId());
        if (entry != null) {
            // The tenant retried a failed destination: this later attempt calls the platform again.
            entry.reopenFor(request.attempt(), now);
        }
        if (entry != null && (entry.isFinal() || entry.awaitsAttemptAfter(request.attempt()))) {
            emit(entry, now); // a redelivery: the answer stands
            return Step.done();
        }
        Account account = accounts.findInWorkspace(request.workspaceId(), request.accountId())
                .orElse(null);
        PlatformConnector connector =
                account == null ? null : connectors.forAccount(account).orElse(null);
        PublishOutcome refusal = refusal(request, account, connector);
        if (refusal != null) {
            if (entry == null) {
                entry = LedgerEntry.inFlight(request, now);
                ledger.persist(entry);
            }
            entry.record(refusal, null, now);
            emit(entry, now);
            return Step.done();
        }
        if (entry != null && entry.isInFlight()) {
            return new Step(Step.Kind.RECONCILE, account, connector, entry.takeFence());
        }
        Optional<Duration> pace = account.paceWait(pacing.getOrDefault(request.platform(), Duration.ZERO), now);
        if (pace.isPresent()) {
            // Too soon after this account's previous call: put off without using an attempt, like a busy bulkhead.
            if (entry == null) {
                entry = LedgerEntry.inFlight(request, now);
                ledger.persist(entry);
            }
            entry.beginCall(request.attempt(), now);
            entry.record(
                    PublishOutcome.deferred(
                            "account_paced",
                            "Paced: at most one post every "
                                    + pacing.get(request.platform()).toSeconds() + " s on this " + request.platform()
                                    + " account.",
                            pace.get()),
                    now.plus(pace.get()),
                    now);
            emit(entry, now);
            return Step.done();
        }
        // A targeted update: writing the whole account back could undo a concurrent refresh or expiry.
        accounts.markCallStarted(account.id(), now);
        if (entry != null) {
            // The next attempt after a retryable failure.
            entry.beginCall(request.attempt(), now);
            return new Step(Step.Kind.PUBLISH, account, connector, entry.takeFence());
        }
        entry = LedgerEntry.inFlight(request, now);
        entry.beginCall(request.attempt(), now);
        ledger.persist(entry);
        return new Step(Step.Kind.PUBLISH, account, connector, entry.takeFence());
    }

    private static PublishOutcome refusal(PublishRequest request, Account account, PlatformConnector connector) {
        if (account == null) {
            return PublishOutcome.failed("account_not_found", "The account no longer exists in this workspace.");
        }
        if (!account.isConnected()) {
            return PublishOutcome.failed("account_not_connected", "The account is " + account.status() + ".");
        }
        if (!account.mode().equals(request.mode())) {
            return PublishOutcome.failed("account_mode_mismatch", "The post's mode does not match the account's.");
        }
        if (connector == null) {
            return PublishOutcome.failed("platform_unsupported", "No connector for " + account.platform() + ".");
        }
        return null;
    }

    private void record(PublishRequest request, PublishOutcome outcome) {
        Instant now = Instant.now();
        LedgerEntry entry = ledger.lockById(request.destinationId());
        Instant retryAt = switch (outcome.kind()) {
            case RETRYABLE ->
                retries.nextRetry(entry.attemptsMade(), outcome.retryAfter(), now)
                        .orElse(null);
            case DEFERRED -> now.plus(outcome.retryAfter());
            default -> null;
        };
        entry.record(outcome, retryAt, now);
        emit(entry, now);
    }

    private void emit(LedgerEntry entry, Instant now) {
        // Keyed by post: all results of one post are consumed in order.
        outbox.append(Topics.PUBLISH_RESULTS, entry.postId(), EventTypes.PUBLISH_RESULT, entry.toResult(now));
    }

    /** The decision taken under the ledger lock. */
    record Step(Kind kind, Account account, PlatformConnector connector, int fence) {

        enum Kind {
            DONE,
            PUBLISH,
            RECONCILE
        }

        static Step done() {
            return new Step(Kind.DONE, null, null, 0);
        }
    }
}
