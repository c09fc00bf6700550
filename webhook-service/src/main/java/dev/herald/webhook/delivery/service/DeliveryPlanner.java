package dev.herald.webhook.delivery.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.kit.tx.AfterCommit;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.delivery.repository.DeliveryRepository;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.repository.EndpointRepository;
import dev.herald.webhook.event.Envelope;
import dev.herald.webhook.event.repository.EventFeedRepository;

/**
 * Turns one consumed event into its pull-feed entry and one delivery per enabled endpoint of its workspace that
 * wants its type, in the transaction that records the event as processed: no event lost, none doubled when the topic
 * is replayed.
 */
@ApplicationScoped
public class DeliveryPlanner {

    /** Event ids are unique across the consumed topics: one processed-event log serves them all. */
    static final String CONSUMER = "webhook-service";

    private static final Object WAKE_UP_KEY = new Object();

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final EventFeedRepository feed;
    private final ProcessedEvents processed;
    private final AfterCommit afterCommit;
    private final DeliveryDispatcher dispatcher;
    private final Clock clock;

    public DeliveryPlanner(
            EndpointRepository endpoints,
            DeliveryRepository deliveries,
            EventFeedRepository feed,
            ProcessedEvents processed,
            AfterCommit afterCommit,
            DeliveryDispatcher dispatcher,
            Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.feed = feed;
        this.processed = processed;
        this.afterCommit = afterCommit;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * @param eventId the consumed record's id (CloudEvents {@code ce_id})
     * @return how many deliveries were planned
     */
    @Transactional
    public int plan(String eventId, Envelope envelope) {
        if (!processed.firstTime(CONSUMER, eventId)) {
            return 0;
        }
        feed.record(envelope);
        Instant now = clock.instant();
        List<String> planned = new ArrayList<>();
        for (Endpoint endpoint : endpoints.enabledIn(envelope.workspaceId())) {
            if (endpoint.wants(envelope.type())) {
                deliveries.persist(Delivery.of(
                        endpoint.id(),
                        envelope.workspaceId(),
                        envelope.id(),
                        envelope.type(),
                        envelope.payload(),
                        now));
                planned.add(endpoint.id());
            }
        }
        if (!planned.isEmpty()) {
            afterCommit.once(WAKE_UP_KEY, () -> dispatcher.wakeFor(planned));
        }
        return planned.size();
    }
}
