package dev.herald.webhook.delivery.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import dev.herald.kit.tracing.TraceContext;
import dev.herald.webhook.config.WebhookConfig;
import dev.herald.webhook.delivery.Attempt;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.delivery.repository.AttemptRepository;
import dev.herald.webhook.delivery.repository.DeliveryRepository;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.UrlGuard;
import dev.herald.webhook.endpoint.repository.EndpointRepository;
import dev.herald.webhook.signing.WebhookSigner;

/**
 * Sends due deliveries. A claim takes due rows with {@code FOR UPDATE SKIP LOCKED} (many replicas share the work),
 * a few per endpoint, and leases them, so a crashed sender's deliveries are taken again once the lease runs out. Each
 * endpoint has a lane in this replica: at most {@code max-in-flight-per-endpoint} requests at once and as many again
 * leased and waiting; the claim skips full lanes, so a slow endpoint's backlog never holds up other endpoints. Each
 * answer frees its slot for the lane's next delivery at once; the {@link OutcomeRecorder} records outcomes in batches,
 * with their attempts and the next attempt per the schedule.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    private final DeliveryRepository deliveries;
    private final AttemptRepository attempts;
    private final EndpointRepository endpoints;
    private final UrlGuard guard;
    private final WebhookSender sender;
    private final OutcomeRecorder outcomes;
    private final WebhookConfig config;
    private final Clock clock;
    private final Tracer tracer;

    private static final long WAKE_DELAY_MILLIS = 10;

    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "webhook-dispatcher"));
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> daemon(r, "webhook-worker"));
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean discover = new AtomicBoolean(true);
    private final Set<String> hints = ConcurrentHashMap.newKeySet();
    /** Per endpoint: leased deliveries waiting for a slot, and requests in flight. Guarded by itself. */
    private final Map<String, Lane> lanes = new HashMap<>();

    private int totalInFlight;

    public DeliveryDispatcher(
            DeliveryRepository deliveries,
            AttemptRepository attempts,
            EndpointRepository endpoints,
            UrlGuard guard,
            WebhookSender sender,
            OutcomeRecorder outcomes,
            WebhookConfig config,
            Clock clock,
            OpenTelemetry openTelemetry) {
        this.deliveries = deliveries;
        this.tracer = openTelemetry.getTracer("dev.herald.webhook");
        this.attempts = attempts;
        this.endpoints = endpoints;
        this.guard = guard;
        this.sender = sender;
        this.outcomes = outcomes;
        this.config = config;
        this.clock = clock;
    }

    /** Looks for every endpoint with due work: retries come due with time, and another replica may have died. */
    @Scheduled(every = "${herald.webhook.poll-interval:1s}", delayed = "1s")
    void poll() {
        discover.set(true);
        wake();
    }

    /** New deliveries for these endpoints: the next pass claims theirs without looking for others. */
    public void wakeFor(Collection<String> endpointIds) {
        hints.addAll(endpointIds);
        wake();
    }

    /**
     * Asks for a pass soon; calls while one is queued coalesce. The pass starts a few milliseconds later, so that under
     * load one claim serves the deliveries of many events and answers instead of one each.
     */
    public void wake() {
        if (queued.compareAndSet(false, true)) {
            loop.schedule(this::dispatchDue, WAKE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void dispatchDue() {
        queued.set(false);
        boolean everyEndpoint = discover.getAndSet(false);
        try {
            while (claim(everyEndpoint) > 0) {
                // claim again: more endpoints may have due deliveries than one claim serves
            }
        } catch (RuntimeException e) {
            LOG.warnf("Webhook dispatch pass failed (will retry): %s", e.getMessage());
        }
    }

    /**
     * Leases due deliveries into the endpoints' lanes, up to a prefetch of twice the in-flight limit per endpoint
     * (so a lane refills in one claim for several answers, not one claim per answer), then starts what the limits
     * allow. A pass for every endpoint looks for endpoints with due work (a scan of the due deliveries: once per poll);
     * others serve only the endpoints this replica has hints for or lanes with room. Returns how many were leased.
     */
    private int claim(boolean everyEndpoint) {
        int prefetch = 2 * config.maxInFlightPerEndpoint();
        Set<String> full;
        Set<String> targets = new HashSet<>();
        synchronized (lanes) {
            full = lanes.entrySet().stream()
                    .filter(e -> e.getValue().held() >= prefetch)
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            lanes.forEach((id, lane) -> {
                if (lane.held() < prefetch) {
                    targets.add(id);
                }
            });
        }
        for (String hint : List.copyOf(hints)) {
            hints.remove(hint);
            targets.add(hint);
        }
        if (!everyEndpoint && targets.isEmpty()) {
            return 0;
        }
        List<Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Map<String, Endpoint> byId = new HashMap<>();
            Map<String, Integer> room = new HashMap<>();
            List<String> taken = new ArrayList<>();
            List<String> disabled = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            List<DeliveryRepository.Due> due = everyEndpoint
                    ? deliveries.lockDue(now, config.batchSize(), prefetch, full)
                    : deliveries.lockDueFor(now, targets, prefetch);
            for (DeliveryRepository.Due candidate : due) {
                Endpoint endpoint = byId.computeIfAbsent(candidate.endpointId(), endpoints::findById);
                if (!endpoint.isEnabled()) {
                    (endpoint.isDeleted() ? deleted : disabled).add(candidate.id());
                    continue;
                }
                int left = room.computeIfAbsent(endpoint.id(), id -> prefetch - held(id));
                if (left > 0) {
                    room.put(endpoint.id(), left - 1);
                    taken.add(candidate.id());
                }
                // Otherwise left as it is: due, unlocked at commit, taken by a later claim or another replica.
            }
            deliveries.abandon(disabled, "endpoint_disabled", now);
            deliveries.abandon(deleted, "endpoint_deleted", now);
            return deliveries.lease(taken, now.plus(config.claimLease())).stream()
                    .map(leased -> Claimed.of(leased, byId.get(leased.endpointId()), now))
                    .toList();
        });
        synchronized (lanes) {
            claimed.forEach(c -> lanes.computeIfAbsent(c.endpointId(), id -> new Lane())
                    .waiting
                    .add(c));
        }
        pump();
        return claimed.size();
    }

    private int held(String endpointId) {
        synchronized (lanes) {
            Lane lane = lanes.get(endpointId);
            return lane == null ? 0 : lane.held();
        }
    }

    /** Starts waiting deliveries while their endpoint's and this replica's in-flight limits allow. */
    private void pump() {
        List<Claimed> start = new ArrayList<>();
        synchronized (lanes) {
            for (Lane lane : lanes.values()) {
                while (!lane.waiting.isEmpty()
                        && lane.inFlight < config.maxInFlightPerEndpoint()
                        && totalInFlight < config.maxInFlight()) {
                    lane.inFlight++;
                    totalInFlight++;
                    start.add(lane.waiting.poll());
                }
            }
        }
        start.forEach(c -> workers.submit(() -> attempt(c)));
    }

    /** An answer came: the slot goes to the lane's next delivery; a lane running low asks for a claim. */
    private void release(String endpointId) {
        boolean low;
        synchronized (lanes) {
            Lane lane = lanes.get(endpointId);
            lane.inFlight--;
            totalInFlight--;
            low = lane.waiting.size() < config.maxInFlightPerEndpoint();
            if (lane.held() == 0) {
                lanes.remove(endpointId);
            }
        }
        pump();
        if (low) {
            // Asked for by name: a lane that just emptied is gone from the lanes, and its endpoint may still have due
            // deliveries (a backlog planned at once): without the hint they would wait for the next poll.
            hints.add(endpointId);
            wake();
        }
    }

    /**
     * Sends a delivery this caller created and leased itself (the test event) and waits for the outcome; returns the
     * recorded attempt.
     */
    public Attempt sendNow(String deliveryId) throws Exception {
        Claimed claimed = QuarkusTransaction.requiringNew().call(() -> {
            Delivery delivery = deliveries.findById(deliveryId);
            Endpoint endpoint = endpoints.findById(delivery.endpointId());
            return new Claimed(
                    delivery.id(),
                    endpoint.id(),
                    endpoint.url(),
                    endpoint.signingSecrets(clock.instant()),
                    delivery.payload(),
                    delivery.trace());
        });
        String attemptId = send(claimed, () -> {})
                .toCompletableFuture()
                .get(config.requestTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        return QuarkusTransaction.requiringNew().call(() -> attempts.findById(attemptId));
    }

    private void attempt(Claimed claimed) {
        send(claimed, () -> release(claimed.endpointId())).whenComplete((attemptId, error) -> {
            if (error != null) {
                LOG.warnf("Recording an attempt of %s failed (the lease will bring it back): %s", claimed.id(), error);
            }
        });
    }

    /**
     * Vets the address again (DNS may have changed), signs with the secrets in force and sends; {@code answered} runs
     * once the endpoint answered (or not), before the outcome is recorded. Completes with the recorded attempt's id.
     */
    private CompletionStage<String> send(Claimed claimed, Runnable answered) {
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = WebhookSender.headers(
                claimed.id(),
                timestamp,
                WebhookSigner.signatureHeader(claimed.secrets(), claimed.id(), timestamp, claimed.payload()));
        Span span = sendSpan(claimed);
        CompletionStage<WebhookSender.Outcome> outcome;
        try {
            outcome = sender.send(guard.vet(claimed.url(), false), headers, claimed.payload());
        } catch (UrlGuard.Refused e) {
            outcome = CompletableFuture.completedFuture(
                    new WebhookSender.Outcome(headers, null, null, null, e.code() + ": " + e.getMessage(), 0));
        }
        CompletableFuture<String> recorded = new CompletableFuture<>();
        outcome.whenComplete((result, error) -> {
            end(span, result, error);
            answered.run();
            if (error != null) {
                recorded.completeExceptionally(error);
                return;
            }
            outcomes.add(claimed, now, result, recorded);
        });
        return recorded;
    }

    /**
     * The send as a client span of the trace the delivery was planned in (the post's, through the Kafka hops): the
     * delivery is sent later, by this dispatcher's own threads, so the context comes from the delivery's row.
     */
    private Span sendSpan(Claimed claimed) {
        if (claimed.trace() == null) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("webhook POST")
                .setParent(TraceContext.toContext(claimed.trace()))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", "POST")
                .setAttribute("herald.webhook.id", claimed.id())
                .setAttribute("herald.webhook.endpoint_id", claimed.endpointId())
                .startSpan();
    }

    private static void end(Span span, WebhookSender.Outcome result, Throwable error) {
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error.getMessage());
        } else if (result.status() != null) {
            span.setAttribute("http.response.status_code", (long) result.status());
            if (result.status() >= 300) {
                span.setStatus(StatusCode.ERROR);
            }
        } else {
            span.setStatus(StatusCode.ERROR, result.error());
        }
        span.end();
    }

    @PreDestroy
    void stop() {
        loop.shutdownNow();
        outcomes.stop();
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

    /** One endpoint's deliveries in this replica: leased and waiting, and in flight. */
    private static final class Lane {

        final Deque<Claimed> waiting = new ArrayDeque<>();
        int inFlight;

        int held() {
            return waiting.size() + inFlight;
        }
    }
}
