package dev.herald.webhook.delivery.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.id.Ids;
import dev.herald.webhook.config.WebhookConfig;
import dev.herald.webhook.delivery.Attempt;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.delivery.repository.AttemptRepository;
import dev.herald.webhook.delivery.repository.DeliveryRepository;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.repository.EndpointRepository;
import dev.herald.webhook.event.Envelope;
import dev.herald.webhook.event.EventCatalogue;
import dev.herald.webhook.event.repository.EventFeedRepository;

/**
 * Records the dispatcher's answered attempts in batches: answers gather for a few milliseconds, then one transaction
 * records them, each with its attempt, the delivery's next attempt per the schedule and the endpoint's health.
 */
// A singleton, not application-scoped: made with the dispatcher that injects it, as when it was part of the dispatcher
// (its latency timer is registered then, not at the first answer), and called directly on each answer, not through a
// client proxy.
@Singleton
public class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);

    /**
     * How long answers gather before they are recorded. A transaction per answer or two cost the service more CPU
     * than the sends (JFR: the recorder's commits were a tenth of its samples at 200 deliveries/s); the endpoint has its
     * answer by then, so the wait delays only the bookkeeping, never a delivery.
     */
    private static final long RECORD_DELAY_MILLIS = 25;

    private final DeliveryRepository deliveries;
    private final AttemptRepository attempts;
    private final EndpointRepository endpoints;
    private final EventFeedRepository feed;
    private final WebhookConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ObjectMapper json;
    private final Timer latency;

    private final ScheduledExecutorService recorder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "webhook-recorder");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Completed> completed = new LinkedBlockingQueue<>();
    private final AtomicBoolean recordQueued = new AtomicBoolean();

    public OutcomeRecorder(
            DeliveryRepository deliveries,
            AttemptRepository attempts,
            EndpointRepository endpoints,
            EventFeedRepository feed,
            WebhookConfig config,
            Clock clock,
            MeterRegistry metrics,
            ObjectMapper json) {
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.endpoints = endpoints;
        this.feed = feed;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.json = json;
        this.latency = Timer.builder("herald.webhook.delivery.latency")
                .description("From the delivery's creation to its first successful attempt")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
    }

    /**
     * Queues an answer for the next batch; {@code attemptId} completes with the recorded attempt's id, or exceptionally
     * when the batch's transaction failed.
     */
    void add(Claimed claimed, Instant attemptedAt, WebhookSender.Outcome outcome, CompletableFuture<String> attemptId) {
        completed.add(new Completed(claimed, attemptedAt, outcome, attemptId));
        if (recordQueued.compareAndSet(false, true)) {
            recorder.schedule(this::recordCompleted, RECORD_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Takes no more answers. A pass already scheduled still runs (a scheduled executor keeps its delayed tasks on
     * {@code shutdown}), so the answers queued by then are recorded. Called by the dispatcher in its shutdown, between
     * stopping its claims and draining its senders, rather than by a {@code @PreDestroy} of this bean's own.
     */
    void stop() {
        recorder.shutdown();
    }

    /** Records the outcomes waiting, many per transaction (one commit for a whole batch of answers). */
    private void recordCompleted() {
        // Cleared first: an answer added from now on schedules the next pass, so none is left waiting.
        recordQueued.set(false);
        List<Completed> batch = new ArrayList<>();
        while (completed.drainTo(batch, 200) > 0) {
            record(batch);
            batch.clear();
        }
    }

    private void record(List<Completed> batch) {
        try {
            List<String> ids = QuarkusTransaction.requiringNew().call(() -> {
                // Recording writes each endpoint back whole (its failure streak, a disable): locked first, so a
                // tenant's change committed meanwhile is read, not overwritten.
                endpoints.lockAll(
                        batch.stream().map(c -> c.claimed().endpointId()).toList());
                // One query loads the batch's deliveries (then found in the session), not one query per outcome.
                deliveries.loadAll(batch.stream().map(c -> c.claimed().id()).toList());
                return batch.stream()
                        .map(c -> record(c.claimed(), c.attemptedAt(), c.outcome()))
                        .toList();
            });
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).attemptId().complete(ids.get(i));
            }
        } catch (RuntimeException e) {
            batch.forEach(c -> c.attemptId().completeExceptionally(e));
        }
    }

    /** Runs in the recorder's transaction. */
    private String record(Claimed claimed, Instant attemptedAt, WebhookSender.Outcome outcome) {
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
            // Delivered when the endpoint answered, not when the answer was recorded (outcomes gather for a while).
            settle(delivery, endpoint, outcome, attemptedAt.plusMillis(outcome.durationMs()), now);
        }
        metrics.counter("herald.webhook.attempts", "outcome", delivery.status()).increment();
        return attempt.id();
    }

    private void settle(
            Delivery delivery, Endpoint endpoint, WebhookSender.Outcome outcome, Instant answeredAt, Instant now) {
        if (outcome.succeeded()) {
            delivery.markDelivered(outcome.status(), answeredAt);
            endpoint.attemptSucceeded();
            if (delivery.attempts() == 1) {
                latency.record(Duration.between(delivery.createdAt(), answeredAt));
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

    /** An answered attempt waiting to be recorded. */
    private record Completed(
            Claimed claimed, Instant attemptedAt, WebhookSender.Outcome outcome, CompletableFuture<String> attemptId) {}
}
