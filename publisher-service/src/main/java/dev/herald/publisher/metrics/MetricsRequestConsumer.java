package dev.herald.publisher.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import dev.herald.events.EventJson;
import dev.herald.events.MetricsRequest;
import dev.herald.events.Topics;
import dev.herald.kit.inbox.ProcessedEvents;

/**
 * Transport adapter: analytics' metrics requests from Kafka to {@link MetricsCollector}. The channel is named after
 * the topic, so it needs no settings of its own: Quarkus attaches the Kafka connector, reads the topic of the channel's
 * name, and joins the group named after the application. It retries nothing itself: a retry here would call the
 * platform again, so the collector retries each transaction instead.
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
    // Only an unreadable request is dead-lettered at once; an outage is waited out inside the collector.
    public void consume(ConsumerRecord<String, String> record) {
        collector.handle(ProcessedEvents.eventId(record), EventJson.read(record.value(), MetricsRequest.class));
    }
}
