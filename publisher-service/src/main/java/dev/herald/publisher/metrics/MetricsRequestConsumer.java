package dev.herald.publisher.metrics;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import dev.herald.events.EventJson;
import dev.herald.events.MetricsRequest;
import dev.herald.events.Topics;
import dev.herald.kit.inbox.ProcessedEvents;

/**
 * Transport adapter: analytics' metrics requests from Kafka to {@link MetricsCollector}. The channel is named after
 * the topic, so it needs no settings of its own: Quarkus attaches the Kafka connector, reads the topic of the channel's
 * name, and joins the group named after the application.
 */
@ApplicationScoped
public class MetricsRequestConsumer {

    public static final String CHANNEL = Topics.METRICS_REQUESTS;

    private final MetricsCollector collector;

    public MetricsRequestConsumer(MetricsCollector collector) {
        this.collector = collector;
    }

    @Incoming(CHANNEL)
    @Blocking
    // A database or broker outage is waited out rather than dead-lettering a request that is still owed; only an
    // unreadable request is dead-lettered at once.
    @Retry(
            maxRetries = -1,
            delay = 200,
            jitter = 100,
            maxDuration = 15,
            durationUnit = ChronoUnit.MINUTES,
            abortOn = IllegalArgumentException.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public void consume(ConsumerRecord<String, String> record) {
        collector.handle(ProcessedEvents.eventId(record), EventJson.read(record.value(), MetricsRequest.class));
    }
}
