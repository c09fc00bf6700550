package dev.herald.publisher.publish.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;

import dev.herald.events.EventTypes;
import dev.herald.events.PublisherHeartbeat;
import dev.herald.events.Topics;
import dev.herald.kit.outbox.Outbox;

/**
 * Says every few seconds that this publisher is alive and how much it is working on, for the workspace-visible
 * publishing health. Through the outbox, like everything the publisher sends: a publisher that cannot reach its
 * database cannot publish either, and then its heartbeat stops — which is the truth.
 */
@ApplicationScoped
public class PublisherHeartbeats {

    private final String instanceId = System.getenv().getOrDefault("HOSTNAME", "publisher") + "-"
            + ProcessHandle.current().pid();
    private final Instant startedAt = Instant.now();
    private final Outbox outbox;
    private final PublishRequestConsumer consumer;

    public PublisherHeartbeats(Outbox outbox, PublishRequestConsumer consumer) {
        this.outbox = outbox;
        this.consumer = consumer;
    }

    @Scheduled(
            every = "${herald.publisher.heartbeat-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void beat() {
        outbox.append(
                Topics.PUBLISHER_HEARTBEATS,
                instanceId,
                EventTypes.PUBLISHER_HEARTBEAT,
                new PublisherHeartbeat(instanceId, startedAt, Instant.now(), consumer.inFlight()));
    }
}
