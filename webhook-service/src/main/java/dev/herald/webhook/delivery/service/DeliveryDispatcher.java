package dev.herald.webhook.delivery.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import dev.herald.webhook.config.WebhookConfig;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.delivery.repository.DeliveryRepository;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.UrlGuard;
import dev.herald.webhook.endpoint.repository.EndpointRepository;
import dev.herald.webhook.signing.WebhookSigner;

/**
 * Sends due deliveries: claims a batch ({@code FOR UPDATE SKIP LOCKED}, leased so a crashed sender's work is picked
 * up again), sends each signed per Standard Webhooks without following redirects, then records the outcome and the
 * next attempt.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final UrlGuard guard;
    private final WebhookConfig config;
    private final MeterRegistry metrics;
    private final HttpClient http;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "webhook-dispatcher");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    public DeliveryDispatcher(
            DeliveryRepository deliveries,
            EndpointRepository endpoints,
            UrlGuard guard,
            WebhookConfig config,
            MeterRegistry metrics) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.guard = guard;
        this.config = config;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Scheduled(every = "${herald.webhook.poll-interval:1s}", delayed = "1s")
    void poll() {
        wake();
    }

    /** Asks for a pass soon; calls while one is queued coalesce. */
    public void wake() {
        if (queued.compareAndSet(false, true)) {
            worker.submit(this::sendDue);
        }
    }

    private void sendDue() {
        queued.set(false);
        try {
            List<Claimed> batch;
            do {
                batch = claim();
                batch.forEach(this::send);
            } while (batch.size() == config.batchSize());
        } catch (RuntimeException e) {
            LOG.warnf("Webhook dispatch pass failed (will retry): %s", e.getMessage());
        }
    }

    private List<Claimed> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant leaseEnd = Instant.now().plus(config.claimLease());
            return deliveries.claimDue(config.batchSize()).stream()
                    .map(delivery -> {
                        delivery.lease(leaseEnd);
                        Endpoint endpoint = endpoints.findById(delivery.endpointId());
                        return new Claimed(
                                delivery.id(),
                                endpoint.url(),
                                endpoint.secret(),
                                endpoint.isEnabled(),
                                delivery.payload());
                    })
                    .toList();
        });
    }

    private void send(Claimed claimed) {
        long timestamp = Instant.now().getEpochSecond();
        Integer status = null;
        String error = null;
        Duration retryAfter = null;
        if (!claimed.enabled()) {
            error = "endpoint_disabled";
        } else {
            try {
                URI uri = guard.check(claimed.url()); // re-checked at send time: DNS may have changed
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(config.requestTimeout())
                        .header("content-type", "application/json")
                        .header("user-agent", "Herald-Webhooks/1")
                        .header("webhook-id", claimed.id())
                        .header("webhook-timestamp", Long.toString(timestamp))
                        .header(
                                "webhook-signature",
                                WebhookSigner.signatureHeader(
                                        List.of(claimed.secret()), claimed.id(), timestamp, claimed.payload()))
                        .POST(HttpRequest.BodyPublishers.ofString(claimed.payload()))
                        .build();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
                retryAfter = response.headers()
                        .firstValue("retry-after")
                        .map(DeliveryDispatcher::seconds)
                        .orElse(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
            } catch (Exception e) {
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        record(claimed.id(), status, error, retryAfter);
    }

    private void record(String deliveryId, Integer status, String error, Duration retryAfter) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            Delivery delivery = deliveries.findById(deliveryId);
            if (status != null && status >= 200 && status < 300) {
                delivery.markDelivered(status, now);
            } else if (status != null && status == 410) {
                delivery.markAbandoned(status, now);
                endpoints.findById(delivery.endpointId()).disable(now);
            } else {
                delivery.markAttemptFailed(status, error != null ? error : "HTTP " + status, retryAfter, now);
            }
            metrics.counter("herald.webhook.attempts", "outcome", delivery.status())
                    .increment();
        });
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
        try {
            worker.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A delivery taken by this sender, with what it needs outside the transaction. */
    record Claimed(String id, String url, String secret, boolean enabled, String payload) {}
}
