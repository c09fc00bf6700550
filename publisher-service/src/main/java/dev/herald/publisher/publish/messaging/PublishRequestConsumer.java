package dev.herald.publisher.publish.messaging;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

import dev.herald.events.EventJson;
import dev.herald.events.PublishRequest;
import dev.herald.kit.tracing.TraceContext;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.publish.service.PublishService;

/**
 * Transport adapter: publish requests from Kafka to {@link PublishService}, many accounts at once, each account's
 * requests in order. A message is acknowledged only once handled; with the throttled commit strategy Kafka's offset
 * never passes an unfinished one, so a crash redelivers rather than drops (and the ledger makes redelivery safe).
 */
@ApplicationScoped
public class PublishRequestConsumer {

    public static final String CHANNEL = "publish-requests";
    private static final Logger LOG = Logger.getLogger(PublishRequestConsumer.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private final PublishService publisher;
    private final KeyedWorkers workers;
    private final Duration platformTimeout;
    private volatile boolean stopping;

    public PublishRequestConsumer(PublishService publisher, PublisherConfig config, MeterRegistry metrics) {
        this.publisher = publisher;
        this.workers = new KeyedWorkers(config.concurrency(), config.maxInFlight());
        this.platformTimeout = config.platformTimeout();
        Gauge.builder("herald.publish.in_flight", workers, KeyedWorkers::inFlight)
                .description("Publish requests taken from Kafka and not yet finished")
                .register(metrics);
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<String> message) {
        PublishRequest request;
        try {
            request = EventJson.read(message.getPayload(), PublishRequest.class);
        } catch (RuntimeException e) {
            // Poison: to the dead-letter topic with the reason, never silently dropped.
            return message.nack(new IllegalArgumentException("Unreadable publish request: " + e.getMessage(), e));
        }
        if (request.destinationId() == null || request.accountId() == null) {
            return message.nack(new IllegalArgumentException("A publish request needs destination and account ids"));
        }
        // The worker thread continues the message's trace (the result event staged there carries it on).
        return workers.submit(request.accountId(), TraceContext.of(message).wrap(() -> handle(message, request)));
    }

    /**
     * Handles one request until it is done. Infrastructure failures (database or Kafka down, an unknown outcome to
     * reconcile) are retried with a growing pause rather than dead-lettered: the request is still owed.
     */
    private void handle(Message<String> message, PublishRequest request) {
        long pause = 200;
        while (!stopping) {
            try {
                publisher.handle(request);
                message.ack();
                return;
            } catch (IllegalArgumentException e) {
                message.nack(e);
                return;
            } catch (RuntimeException e) {
                LOG.warnf(
                        "Publish request for %s not finished (will retry in %d ms): %s",
                        request.destinationId(), pause, e.getMessage());
                try {
                    // Waiting in place, not rescheduled: this account's later requests must not overtake this one.
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return; // shutting down: unacknowledged, so redelivered after the restart
                }
                pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
            }
        }
    }

    /** Requests taken from Kafka and not yet finished. */
    public int inFlight() {
        return workers.inFlight();
    }

    // Before the Kafka consumer closes (it leaves the group then, committing what was acknowledged): platform calls
    // under way finish and are acknowledged; requests not started stay unacknowledged and go to another replica.
    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
        workers.shutdown(platformTimeout.plusSeconds(2));
    }
}
