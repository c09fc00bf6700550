package dev.herald.post.service;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.Topics;
import dev.herald.kit.outbox.Outbox;
import dev.herald.post.Destination;
import dev.herald.post.config.PostConfig;
import dev.herald.post.repository.DispatchClaims;

/**
 * Moves due destinations to the publisher: claims a batch with {@code FOR UPDATE SKIP LOCKED}, marks them queued and
 * stages their publish requests in the outbox, all in one transaction. Safe with many replicas: a destination is
 * claimed by exactly one of them. Polls every {@code herald.post.dispatch.poll-interval} (an index-only query when
 * nothing is due) and drains full batches back to back.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final DispatchClaims claims;
    private final Outbox outbox;
    private final PostConfig config;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dispatcher");
        thread.setDaemon(true);
        return thread;
    });

    public Dispatcher(DispatchClaims claims, Outbox outbox, PostConfig config) {
        this.claims = claims;
        this.outbox = outbox;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.dispatch().enabled()) {
            return;
        }
        long interval = config.dispatch().pollInterval().toMillis();
        loop.scheduleWithFixedDelay(this::drain, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** One poll: full batches back to back, then wait for the next poll. */
    private void drain() {
        try {
            while (dispatchBatch() == config.dispatch().batchSize()) {
                // A full batch: more are probably due.
            }
        } catch (RuntimeException e) {
            LOG.warnf("Dispatch failed (will retry at the next poll): %s", e.getMessage());
        }
    }

    /** Dispatches one batch of due destinations; returns how many. */
    public int dispatchBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<PublishRequest> requests = claims.claimAndQueue(
                    config.dispatch().batchSize(), config.dispatch().lookahead());
            // Keyed by account: one account's requests stay in order on one partition. Held until due: a request
            // claimed ahead leaves the outbox at its time, never before.
            outbox.appendAll(
                    Topics.PUBLISH_REQUESTS,
                    EventTypes.PUBLISH_REQUESTED,
                    requests.stream()
                            .map(r -> new Outbox.Staged(r.accountId(), r, r.dueAt()))
                            .toList());
            return requests.size();
        });
    }

    /** Queues one destination; the caller's transaction must hold its row. */
    void dispatch(Destination destination, Instant now) {
        PublishRequest request = destination.markQueued(now);
        // Keyed by account: one account's requests stay in order on one partition.
        outbox.append(Topics.PUBLISH_REQUESTS, request.accountId(), EventTypes.PUBLISH_REQUESTED, request);
    }

    // On ShutdownEvent, not @PreDestroy: that runs after Hibernate has closed, so the last polls would fail.
    void stop(@Observes ShutdownEvent shutdown) {
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
