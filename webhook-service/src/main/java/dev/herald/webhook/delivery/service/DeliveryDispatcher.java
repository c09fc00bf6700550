package dev.herald.webhook.delivery.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.id.Ids;
import dev.herald.webhook.config.WebhookConfig;
import dev.herald.webhook.delivery.Attempt;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.delivery.repository.AttemptRepository;
import dev.herald.webhook.delivery.repository.DeliveryRepository;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.UrlGuard;
import dev.herald.webhook.endpoint.repository.EndpointRepository;
import dev.herald.webhook.event.Envelope;
import dev.herald.webhook.event.EventCatalogue;
import dev.herald.webhook.event.repository.EventFeedRepository;
import dev.herald.webhook.signing.WebhookSigner;

/**
 * Sends due deliveries. A claim takes due rows with {@code FOR UPDATE SKIP LOCKED} (many replicas share the work)
 * and leases them, so a crashed sender's deliveries are taken again once the lease runs out. Each endpoint gets at
 * most {@code max-in-flight-per-endpoint} requests at once from this replica and the claim skips endpoints at their
 * limit, so a slow endpoint's backlog never holds up other endpoints. Each outcome is recorded with its attempt and
 * the next attempt per the schedule.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    private final DeliveryRepository deliveries;
    private final AttemptRepository attempts;
    private final EndpointRepository endpoints;
    private final EventFeedRepository feed;
    private final UrlGuard guard;
    private final WebhookSender sender;
    private final WebhookConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ObjectMapper json;
    private final Timer latency;

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> daemon(r, "webhook-dispatcher"));
    private final ExecutorService workers = Executors.newFixedThreadPool(8, r -> daemon(r, "webhook-worker"));
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger totalInFlight = new AtomicInteger();

    public DeliveryDispatcher(
            DeliveryRepository deliveries,
            AttemptRepository attempts,
            EndpointRepository endpoints,
            EventFeedRepository feed,
            UrlGuard guard,
            WebhookSender sender,
            WebhookConfig config,
            Clock clock,
            MeterRegistry metrics,
            ObjectMapper json) {
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.endpoints = endpoints;
        this.feed = feed;
        this.guard = guard;
        this.sender = sender;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.json = json;
        this.latency = Timer.builder("herald.webhook.delivery.latency")
                .description("From the delivery's creation to its first successful attempt")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
    }

    @Scheduled(every = "${herald.webhook.poll-interval:1s}", delayed = "1s")
    void poll() {
        wake();
    }

    /** Asks for a pass soon; calls while one is queued coalesce. */
    public void wake() {
        if (queued.compareAndSet(false, true)) {
            loop.submit(this::dispatchDue);
        }
    }

    private void dispatchDue() {
        queued.set(false);
        try {
            while (totalInFlight.get() < config.maxInFlight()) {
                List<Claimed> claimed = claim();
                if (claimed.isEmpty()) {
                    return;
                }
                claimed.forEach(c -> workers.submit(() -> attempt(c)));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Webhook dispatch pass failed (will retry): %s", e.getMessage());
        }
    }

    /** Claims what this replica may send now; returns nothing when every due delivery waits on a busy endpoint. */
    private List<Claimed> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Set<String> saturated = inFlight.entrySet().stream()
                    .filter(e -> e.getValue().get() >= config.maxInFlightPerEndpoint())
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            List<Delivery> due = deliveries.claimDue(now, config.batchSize(), saturated);
            Map<String, Endpoint> byId = new HashMap<>();
            List<Claimed> claimed = new ArrayList<>();
            for (Delivery delivery : due) {
                Endpoint endpoint = byId.computeIfAbsent(delivery.endpointId(), endpoints::findById);
                if (!endpoint.isEnabled()) {
                    delivery.markAbandoned(null, endpoint.isDeleted() ? "endpoint_deleted" : "endpoint_disabled", now);
                    continue;
                }
                if (totalInFlight.get() >= config.maxInFlight() || !reserve(endpoint.id())) {
                    continue; // left as it is: due, unlocked at commit, taken by a later pass or another replica
                }
                delivery.lease(now.plus(config.claimLease()));
                claimed.add(Claimed.of(delivery, endpoint, now));
            }
            return claimed;
        });
    }

    private boolean reserve(String endpointId) {
        AtomicInteger count = inFlight.computeIfAbsent(endpointId, id -> new AtomicInteger());
        if (count.incrementAndGet() > config.maxInFlightPerEndpoint()) {
            count.decrementAndGet();
            return false;
        }
        totalInFlight.incrementAndGet();
        return true;
    }

    private void release(String endpointId) {
        inFlight.computeIfPresent(endpointId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
        totalInFlight.decrementAndGet();
        wake();
    }

    /**
     * Sends a delivery this caller created and leased itself (the test event) and waits for the outcome; returns the
     * recorded attempt.
     */
    public Attempt sendNow(String deliveryId) throws Exception {
        Claimed claimed = QuarkusTransaction.requiringNew().call(() -> {
            Delivery delivery = deliveries.findById(deliveryId);
            return Claimed.of(delivery, endpoints.findById(delivery.endpointId()), clock.instant());
        });
        String attemptId = send(claimed)
                .toCompletableFuture()
                .get(config.requestTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        return QuarkusTransaction.requiringNew().call(() -> attempts.findById(attemptId));
    }

    private void attempt(Claimed claimed) {
        send(claimed).whenComplete((attemptId, error) -> {
            if (error != null) {
                LOG.warnf("Recording an attempt of %s failed (the lease will bring it back): %s", claimed.id(), error);
            }
            release(claimed.endpointId());
        });
    }

    /** Vets the address again (DNS may have changed), signs with the secrets in force, sends and records. */
    private CompletionStage<String> send(Claimed claimed) {
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = WebhookSender.headers(
                claimed.id(),
                timestamp,
                WebhookSigner.signatureHeader(claimed.secrets(), claimed.id(), timestamp, claimed.payload()));
        UrlGuard.Vetted target;
        try {
            target = guard.vet(claimed.url(), false);
        } catch (UrlGuard.Refused e) {
            var outcome = new WebhookSender.Outcome(headers, null, null, null, e.code() + ": " + e.getMessage(), 0);
            return CompletableFuture.supplyAsync(() -> record(claimed, now, outcome), workers);
        }
        return sender.send(target, headers, claimed.payload())
                .thenApplyAsync(outcome -> record(claimed, now, outcome), workers);
    }

    private String record(Claimed claimed, Instant attemptedAt, WebhookSender.Outcome outcome) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Delivery delivery = deliveries.findById(claimed.id());
            Endpoint endpoint = endpoints.findById(claimed.endpointId());
            Attempt attempt = Attempt.of(
                    delivery,
                    attemptedAt,
                    claimed.url(),
                    headersJson(outcome.requestHeaders()),
                    outcome.status(),
                    outcome.body(),
                    outcome.durationMs(),
                    outcome.error());
            attempts.persist(attempt);
            // A sender whose lease ran out may finish after the delivery was settled: then only its attempt is logged.
            if (Delivery.PENDING.equals(delivery.status())) {
                settle(delivery, endpoint, outcome, now);
            }
            metrics.counter("herald.webhook.attempts", "outcome", delivery.status())
                    .increment();
            return attempt.id();
        });
    }

    private void settle(Delivery delivery, Endpoint endpoint, WebhookSender.Outcome outcome, Instant now) {
        if (outcome.succeeded()) {
            delivery.markDelivered(outcome.status(), now);
            endpoint.attemptSucceeded();
            if (delivery.attempts() == 1) {
                latency.record(Duration.between(delivery.createdAt(), now));
            }
        } else if (outcome.status() != null && outcome.status() == 410) {
            delivery.markAbandoned(410, Endpoint.GONE, now);
            endpoint.disable(Endpoint.GONE, now);
            announceDisabled(endpoint, now);
        } else {
            String error = outcome.error() != null
                    ? outcome.error()
                    : outcome.status() >= 300 && outcome.status() < 400
                            ? "HTTP " + outcome.status() + " (redirects are not followed)"
                            : "HTTP " + outcome.status();
            delivery.markAttemptFailed(outcome.status(), error, outcome.retryAfter(), now);
            if (endpoint.attemptFailed(config.autoDisableAfter(), now)) {
                announceDisabled(endpoint, now);
            }
            if (delivery.isFailed() && !delivery.manual()) {
                feed.record(Envelope.of(
                        Ids.newId("evt"),
                        EventCatalogue.DELIVERY_EXHAUSTED,
                        delivery.workspaceId(),
                        now,
                        Map.of(
                                "delivery_id", delivery.id(),
                                "endpoint_id", delivery.endpointId(),
                                "event_id", delivery.eventId(),
                                "attempts", delivery.attempts())));
            }
        }
    }

    /** The tenant is told through the pull feed (a disabled endpoint cannot be told by webhook). */
    private void announceDisabled(Endpoint endpoint, Instant now) {
        feed.record(Envelope.of(
                Ids.newId("evt"),
                EventCatalogue.ENDPOINT_DISABLED,
                endpoint.workspaceId(),
                now,
                Map.of("endpoint_id", endpoint.id(), "url", endpoint.url(), "reason", endpoint.disabledReason())));
        LOG.infof("Webhook endpoint %s disabled: %s", endpoint.id(), endpoint.disabledReason());
    }

    private String headersJson(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        loop.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A delivery taken by this sender, with what it needs outside the transaction. */
    record Claimed(String id, String endpointId, String url, List<String> secrets, String payload) {

        static Claimed of(Delivery delivery, Endpoint endpoint, Instant now) {
            return new Claimed(
                    delivery.id(), endpoint.id(), endpoint.url(), endpoint.signingSecrets(now), delivery.payload());
        }
    }
}
