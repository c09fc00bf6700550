package dev.herald.analytics.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import dev.herald.analytics.service.AnalyticsService;
import dev.herald.events.EventJson;
import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ProcessedEvents;

/** Transport adapter: publish results from Kafka to {@link AnalyticsService}. */
@ApplicationScoped
public class PublishResultConsumer {

    public static final String CHANNEL = "publish-results";

    private final AnalyticsService analytics;

    public PublishResultConsumer(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = 5, delay = 200, abortOn = IllegalArgumentException.class)
    public void consume(ConsumerRecord<String, String> record) {
        analytics.record(ProcessedEvents.eventId(record), EventJson.read(record.value(), PublishResult.class));
    }
}
