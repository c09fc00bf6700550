package dev.herald.publisher.connector;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;

import dev.herald.events.MetricsRequest;
import dev.herald.events.PublishRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.http.UnknownOutcomeException;
import dev.herald.publisher.metrics.MetricsOutcome;

/**
 * One circuit breaker and one bulkhead per platform around every platform call (SmallRye Fault Tolerance's
 * programmatic guards). A platform that keeps answering 5xx is left alone while its breaker is open, and a slow one
 * cannot hold every publish worker; either way the call is not made and the outcome is {@link PublishOutcome.Kind#DEFERRED}
 * with the wait — the destination is rescheduled, not failed.
 *
 * <p>A sandbox account counts as the platform it impersonates, with breakers of its own per workspace: a tenant's
 * simulated outage ({@code [sandbox:5xx-always]}) must not hold up live publishing to that platform, nor other
 * tenants' tests.
 *
 * <p>Metric fetches go through the same guard as publishing: they are calls to the same platform, so a platform in
 * trouble is spared them too, and their 5xx answers count towards opening its breaker. A fetch put off is answered
 * like a rate limit ({@link MetricsOutcome.Kind#RATE_LIMITED} with the wait): analytics asks again later.
 */
@ApplicationScoped
public class PlatformGuards {

    /** The error code of a destination put off because its platform's breaker is open. */
    public static final String CIRCUIT_OPEN = "platform_circuit_open";
    /** The error code of a destination put off because its platform already has the most calls in flight. */
    public static final String BULKHEAD_FULL = "platform_busy";

    private static final Logger LOG = Logger.getLogger(PlatformGuards.class);
    private static final Duration MIN_WAIT = Duration.ofSeconds(1);

    private final PublisherConfig.Guards config;
    private final MeterRegistry metrics;
    private final Map<String, PlatformGuard> guards = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public PlatformGuards(PublisherConfig config, MeterRegistry metrics) {
        this.config = config.guards();
        this.metrics = metrics;
    }

    /** Calls {@code connector} through the account's platform guard; never throws for an open breaker or full bulkhead. */
    public PublishOutcome publish(PlatformConnector connector, Account account, PublishRequest request) {
        return guardOf(account)
                .call(
                        () -> connector.publish(account, request),
                        PublishOutcome::isPlatformTrouble,
                        PublishOutcome::deferred);
    }

    /**
     * Fetches metrics through the account's platform guard (the one publishing uses). A lost answer (timeout, reset) is
     * a {@code platform_error} failure and counts against the breaker like a 5xx; any other exception of the connector
     * is a {@code metrics_error} failure that does not.
     */
    public MetricsOutcome metrics(PlatformConnector connector, Account account, MetricsRequest request) {
        return guardOf(account)
                .call(
                        () -> {
                            try {
                                return connector.metrics(account, request);
                            } catch (UnknownOutcomeException e) {
                                // Sent, but the answer timed out or the connection broke: the platform is unwell.
                                return MetricsOutcome.failed(MetricsOutcome.PLATFORM_ERROR, e.getMessage());
                            } catch (RuntimeException e) {
                                // An answer the connector could not read is Herald's problem, not the platform's
                                // health: it must not open the breaker that publishing shares.
                                LOG.warnf(
                                        "Metrics of %s for %s failed: %s",
                                        request.slotId(), account.id(), e.toString());
                                return MetricsOutcome.failed("metrics_error", e.toString());
                            }
                        },
                        MetricsOutcome::isPlatformTrouble,
                        MetricsOutcome::deferred);
    }

    private PlatformGuard guardOf(Account account) {
        String key = account.isSandbox()
                ? "sandbox/" + account.workspaceId() + "/" + account.platform()
                : account.platform();
        return guards.computeIfAbsent(key, k -> newGuard(account.platform(), account.isSandbox()));
    }

    /** How a kind of call answers when the guard did not let it through. */
    @FunctionalInterface
    private interface Deferral<T> {
        T deferred(String errorCode, String message, Duration wait);
    }

    private PlatformGuard newGuard(String platform, boolean sandbox) {
        PlatformGuard guard = new PlatformGuard(platform, sandbox);
        if (!gauged.add(platform + "/" + sandbox)) {
            return guard;
        }
        // One gauge per platform and target; sandbox breakers (one per workspace) report the worst of theirs.
        Gauge.builder("herald.publisher.circuit.state", () -> worstState(platform, sandbox))
                .description("Circuit breaker of a platform: 0 closed, 1 half-open, 2 open")
                .tag("platform", platform)
                .tag("target", sandbox ? "sandbox" : "platform")
                .register(metrics);
        return guard;
    }

    private int worstState(String platform, boolean sandbox) {
        return guards.values().stream()
                .filter(g -> g.platform.equals(platform) && g.sandbox == sandbox)
                .mapToInt(g -> switch (g.state) {
                    case CLOSED -> 0;
                    case HALF_OPEN -> 1;
                    case OPEN -> 2;
                })
                .max()
                .orElse(0);
    }

    /** A retryable platform error, thrown through the breaker so that it counts as a failure, then unwrapped. */
    private static final class PlatformTrouble extends RuntimeException {
        private final transient Object outcome;

        PlatformTrouble(Object outcome) {
            super("platform trouble", null, false, false);
            this.outcome = outcome;
        }
    }

    /** The breaker and bulkhead of one platform (or one workspace's sandbox impersonation of it). */
    private final class PlatformGuard {

        private final String platform;
        private final boolean sandbox;
        private final TypedGuard<Object> bulkhead;
        private final TypedGuard<Object> breaker;
        private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
        private volatile Instant openedAt = Instant.EPOCH;

        PlatformGuard(String platform, boolean sandbox) {
            this.platform = platform;
            this.sandbox = sandbox;
            // Two guards, the bulkhead outside: a full bulkhead says nothing about the platform's health.
            this.bulkhead = TypedGuard.create(Object.class)
                    .withDescription("bulkhead of " + platform)
                    .withBulkhead()
                    .limit(config.bulkhead())
                    .done()
                    .build();
            this.breaker = TypedGuard.create(Object.class)
                    .withDescription("circuit breaker of " + platform)
                    .withCircuitBreaker()
                    .requestVolumeThreshold(config.requestVolumeThreshold())
                    .failureRatio(config.failureRatio())
                    .delay(config.openFor().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(config.successThreshold())
                    .when(PlatformTrouble.class::isInstance)
                    .onStateChange(this::changed)
                    .done()
                    .build();
        }

        // The guards hold any kind of outcome; each call's own type goes in and comes back out.
        @SuppressWarnings("unchecked")
        <T> T call(Supplier<T> call, Predicate<T> isTrouble, Deferral<T> deferral) {
            try {
                return (T) bulkhead.get(() -> breaker.get(() -> {
                    T outcome = call.get();
                    if (isTrouble.test(outcome)) {
                        throw new PlatformTrouble(outcome);
                    }
                    return outcome;
                }));
            } catch (PlatformTrouble trouble) {
                return (T) trouble.outcome;
            } catch (CircuitBreakerOpenException open) {
                return deferral.deferred(
                        CIRCUIT_OPEN,
                        "Herald has paused calls to " + platform + " after repeated errors; not sent, will retry.",
                        untilHalfOpen());
            } catch (BulkheadException full) {
                return deferral.deferred(
                        BULKHEAD_FULL,
                        "Too many calls to " + platform + " in flight; not sent, will retry.",
                        config.bulkheadRetryAfter());
            }
        }

        /** Until the breaker lets a probe through, spread by up to 20 % so the put-off requests do not return at once. */
        private Duration untilHalfOpen() {
            Duration left = Duration.between(Instant.now(), openedAt.plus(config.openFor()));
            Duration base = left.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : left;
            long jitter = (long) (config.openFor().toMillis()
                    * 0.2
                    * ThreadLocalRandom.current().nextDouble());
            return base.plusMillis(jitter);
        }

        private void changed(CircuitBreakerState next) {
            if (next == CircuitBreakerState.OPEN) {
                openedAt = Instant.now();
            }
            state = next;
            LOG.infof("Circuit breaker of %s%s is now %s", sandbox ? "sandbox " : "", platform, next);
        }
    }
}
