package dev.herald.analytics.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

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
    // A database or broker outage is waited out (growing pauses, up to 15 minutes) rather than dead-lettering an
    // event that is still owed; only an unreadable event goes to the dead-letter topic at once.
    @Retry(
            maxRetries = -1,
            delay = 200,
            jitter = 100,
            maxDuration = 15,
            durationUnit = ChronoUnit.MINUTES,
            abortOn = IllegalArgumentException.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public void consume(ConsumerRecord<String, String> record) {
        analytics.record(ProcessedEvents.eventId(record), EventJson.read(record.value(), PublishResult.class));
    }
}
