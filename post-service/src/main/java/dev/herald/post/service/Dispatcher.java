package dev.herald.post.service;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.Topics;
import dev.herald.kit.outbox.Outbox;
import dev.herald.post.Destination;
import dev.herald.post.Post;
import dev.herald.post.config.PostConfig;
import dev.herald.post.repository.DestinationRepository;

/**
 * Moves due destinations to the publisher: claims a batch with {@code FOR UPDATE SKIP LOCKED}, marks them queued and
 * stages their publish requests in the outbox, all in one transaction. Safe with many replicas.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final DestinationRepository destinations;
    private final Outbox outbox;
    private final PostConfig config;

    public Dispatcher(DestinationRepository destinations, Outbox outbox, PostConfig config) {
        this.destinations = destinations;
        this.outbox = outbox;
        this.config = config;
    }

    @Scheduled(every = "${herald.post.dispatch.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatchDue() {
        try {
            while (dispatchBatch() == config.dispatch().batchSize()) {
                // A full batch: more are probably due.
            }
        } catch (RuntimeException e) {
            LOG.warnf("Dispatch failed (will retry next tick): %s", e.getMessage());
        }
    }

    /** Dispatches one batch of due destinations; returns how many. */
    public int dispatchBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Destination> due = destinations.claimDue(config.dispatch().batchSize());
            Instant now = Instant.now();
            Set<Post> posts = new LinkedHashSet<>();
            for (Destination destination : due) {
                dispatch(destination, now);
                posts.add(destination.post());
            }
            posts.forEach(post -> post.refreshStatus(now));
            return due.size();
        });
    }

    /** Queues one destination; the caller's transaction must hold its row. */
    void dispatch(Destination destination, Instant now) {
        PublishRequest request = destination.markQueued(now);
        // Keyed by account: one account's requests stay in order on one partition.
        outbox.append(Topics.PUBLISH_REQUESTS, request.accountId(), EventTypes.PUBLISH_REQUESTED, request);
    }
}
