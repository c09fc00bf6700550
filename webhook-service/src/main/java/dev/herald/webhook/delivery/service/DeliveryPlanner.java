package dev.herald.webhook.delivery.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.kit.tx.AfterCommit;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.delivery.repository.DeliveryRepository;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.repository.EndpointRepository;

/**
 * Turns one consumed event into one delivery per enabled endpoint of its workspace, in the transaction that records
 * the event as processed: no event lost, none doubled when the topic is replayed.
 */
@ApplicationScoped
public class DeliveryPlanner {

    static final String CONSUMER = "webhook-service.post-events";
    private static final Object WAKE_UP_KEY = new Object();

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final ProcessedEvents processed;
    private final AfterCommit afterCommit;
    private final DeliveryDispatcher dispatcher;

    public DeliveryPlanner(
            EndpointRepository endpoints,
            DeliveryRepository deliveries,
            ProcessedEvents processed,
            AfterCommit afterCommit,
            DeliveryDispatcher dispatcher) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.processed = processed;
        this.afterCommit = afterCommit;
        this.dispatcher = dispatcher;
    }

    /**
     * @param payload the event exactly as tenants receive it ({@code {id, type, created_at, workspace_id, data}})
     */
    @Transactional
    public int plan(String eventId, String eventType, String workspaceId, String payload) {
        if (!processed.firstTime(CONSUMER, eventId)) {
            return 0;
        }
        Instant now = Instant.now();
        int planned = 0;
        for (Endpoint endpoint : endpoints.enabledIn(workspaceId)) {
            if (deliveries.insertIfAbsent(
                    Delivery.of(endpoint.id(), workspaceId, eventId, eventType, payload, now), eventId)) {
                planned++;
            }
        }
        if (planned > 0) {
            afterCommit.once(WAKE_UP_KEY, dispatcher::wake);
        }
        return planned;
    }
}
