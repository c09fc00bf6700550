package dev.herald.webhook.delivery.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.kit.inbox.ConsumerTransactions;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.kit.tracing.TraceContext;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.delivery.repository.DeliveryRepository;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.repository.EndpointRepository;
import dev.herald.webhook.event.Envelope;
import dev.herald.webhook.event.repository.EventFeedRepository;

/**
 * Turns consumed events into their pull-feed entries and one delivery per enabled endpoint of their workspace that
 * wants their type, in the transaction that records the events as processed: no event lost, none doubled when the
 * topic is replayed. A whole poll is one transaction, each table written with one statement.
 */
@ApplicationScoped
public class DeliveryPlanner {

    /** Event ids are unique across the consumed topics: one processed-event log serves them all. */
    static final String CONSUMER = "webhook-service";

    /** One consumed event: the record's id (CloudEvents {@code ce_id}), its envelope, the trace it came in. */
    public record Consumed(String eventId, Envelope envelope, TraceContext trace) {}

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final EventFeedRepository feed;
    private final ProcessedEvents processed;
    private final DeliveryDispatcher dispatcher;
    private final ConsumerTransactions transactions;
    private final Clock clock;

    public DeliveryPlanner(
            EndpointRepository endpoints,
            DeliveryRepository deliveries,
            EventFeedRepository feed,
            ProcessedEvents processed,
            DeliveryDispatcher dispatcher,
            ConsumerTransactions transactions,
            Clock clock) {
        this.transactions = transactions;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.feed = feed;
        this.processed = processed;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Plans the events in one transaction, then wakes the dispatcher for the endpoints that got deliveries. A database
     * outage is waited out (growing pauses, up to 15 minutes; each try is a new transaction) rather than giving up on
     * events that are still owed.
     *
     * @return how many deliveries were planned
     */
    public int planAll(List<Consumed> events) {
        if (events.isEmpty()) {
            return 0;
        }
        List<Delivery> planned = transactions.call(() -> plan(events));
        if (!planned.isEmpty()) {
            dispatcher.wakeFor(planned.stream().map(Delivery::endpointId).collect(Collectors.toSet()));
        }
        return planned.size();
    }

    private List<Delivery> plan(List<Consumed> events) {
        // A record consumed twice in one poll (a replay) is planned once.
        List<Consumed> fresh = processed.fresh(CONSUMER, events, Consumed::eventId);
        feed.recordAll(fresh.stream().map(Consumed::envelope).toList());
        Set<String> workspaces = new LinkedHashSet<>();
        fresh.forEach(event -> workspaces.add(event.envelope().workspaceId()));
        Map<String, List<Endpoint>> byWorkspace =
                endpoints.enabledIn(workspaces).stream().collect(Collectors.groupingBy(Endpoint::workspaceId));
        Instant now = clock.instant();
        List<Delivery> planned = new ArrayList<>();
        for (Consumed event : fresh) {
            Envelope envelope = event.envelope();
            for (Endpoint endpoint : byWorkspace.getOrDefault(envelope.workspaceId(), List.of())) {
                if (endpoint.wants(envelope.type())) {
                    planned.add(Delivery.of(
                            endpoint.id(),
                            envelope.workspaceId(),
                            envelope.id(),
                            envelope.type(),
                            envelope.payload(),
                            now,
                            event.trace()));
                }
            }
        }
        deliveries.insertAll(planned);
        return planned;
    }
}
