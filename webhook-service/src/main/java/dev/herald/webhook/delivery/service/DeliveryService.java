package dev.herald.webhook.delivery.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.events.EventTypes;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.id.Ids;
import dev.herald.kit.tx.AfterCommit;
import dev.herald.webhook.config.WebhookConfig;
import dev.herald.webhook.delivery.Attempt;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.delivery.repository.AttemptRepository;
import dev.herald.webhook.delivery.repository.DeliveryRepository;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.repository.EndpointRepository;
import dev.herald.webhook.event.Envelope;

/** An endpoint's deliveries as the tenant sees and steers them: the log, re-sends, recovery and the test event. */
@ApplicationScoped
public class DeliveryService {

    private static final Object WAKE_UP_KEY = new Object();

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final AttemptRepository attempts;
    private final DeliveryDispatcher dispatcher;
    private final AfterCommit afterCommit;
    private final WebhookConfig config;
    private final Clock clock;

    public DeliveryService(
            EndpointRepository endpoints,
            DeliveryRepository deliveries,
            AttemptRepository attempts,
            DeliveryDispatcher dispatcher,
            AfterCommit afterCommit,
            WebhookConfig config,
            Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.dispatcher = dispatcher;
        this.afterCommit = afterCommit;
        this.config = config;
        this.clock = clock;
    }

    /** Filters of the deliveries list; {@code null} means any. */
    public record Filter(String status, String eventType, Instant createdFrom, Instant createdTo) {}

    @Transactional
    public List<Delivery> list(String workspaceId, String endpointId, Filter filter, String cursor, int limit) {
        endpoint(workspaceId, endpointId);
        return deliveries.page(
                endpointId,
                filter.status(),
                filter.eventType(),
                filter.createdFrom(),
                filter.createdTo(),
                cursor,
                limit);
    }

    @Transactional
    public List<Attempt> attempts(String workspaceId, String endpointId, String deliveryId, String cursor, int limit) {
        delivery(workspaceId, endpointId, deliveryId);
        return attempts.page(deliveryId, cursor, limit);
    }

    /** Sends a failed delivery once more, now, with the same webhook-id. */
    @Transactional
    public Delivery retry(String workspaceId, String endpointId, String deliveryId) {
        Endpoint endpoint = enabledEndpoint(workspaceId, endpointId);
        Delivery delivery = delivery(workspaceId, endpoint.id(), deliveryId);
        if (!delivery.isFailed()) {
            throw new ApiException(
                    409,
                    "delivery_not_failed",
                    "Only a failed delivery can be retried; this one is " + delivery.status() + ".");
        }
        delivery.resend(clock.instant());
        afterCommit.once(WAKE_UP_KEY, () -> dispatcher.wakeFor(List.of(endpoint.id())));
        return delivery;
    }

    /**
     * Re-sends every delivery of the endpoint that failed and was created since {@code since}, each once: they become
     * pending, so a second recovery before they are sent finds none of them failed.
     */
    @Transactional
    public int recover(String workspaceId, String endpointId, Instant since) {
        Endpoint endpoint = enabledEndpoint(workspaceId, endpointId);
        Instant now = clock.instant();
        List<Delivery> failed = deliveries.failedSince(endpoint.id(), since);
        failed.forEach(delivery -> delivery.resend(now));
        if (!failed.isEmpty()) {
            afterCommit.once(WAKE_UP_KEY, () -> dispatcher.wakeFor(List.of(endpoint.id())));
        }
        return failed.size();
    }

    /** Sends a {@code webhook.test} event to the endpoint now and returns the attempt. */
    public Attempt sendTest(String workspaceId, String endpointId) throws Exception {
        String deliveryId = QuarkusTransaction.requiringNew().call(() -> {
            Endpoint endpoint = enabledEndpoint(workspaceId, endpointId);
            Instant now = clock.instant();
            Envelope envelope = Envelope.of(
                    Ids.newId("evt"),
                    EventTypes.WEBHOOK_TEST,
                    workspaceId,
                    now,
                    Map.of("endpoint_id", endpoint.id(), "message", "This is a test event from Herald."));
            Delivery delivery = Delivery.sentNow(
                    endpoint.id(),
                    workspaceId,
                    envelope.id(),
                    envelope.type(),
                    envelope.payload(),
                    now,
                    config.claimLease());
            deliveries.persist(delivery);
            return delivery.id();
        });
        return dispatcher.sendNow(deliveryId);
    }

    private Endpoint endpoint(String workspaceId, String endpointId) {
        return endpoints
                .findIn(workspaceId, endpointId)
                .orElseThrow(() -> ApiException.notFound("webhook endpoint", endpointId));
    }

    private Endpoint enabledEndpoint(String workspaceId, String endpointId) {
        Endpoint endpoint = endpoint(workspaceId, endpointId);
        if (!endpoint.isEnabled()) {
            throw new ApiException(
                    409, "endpoint_disabled", "The endpoint is disabled; enable it first (POST …/enable).");
        }
        return endpoint;
    }

    private Delivery delivery(String workspaceId, String endpointId, String deliveryId) {
        return deliveries
                .findIn(workspaceId, endpointId, deliveryId)
                .orElseThrow(() -> ApiException.notFound("delivery", deliveryId));
    }
}
