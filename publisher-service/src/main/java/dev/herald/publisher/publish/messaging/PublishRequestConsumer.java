package dev.herald.publisher.publish.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import dev.herald.events.EventJson;
import dev.herald.events.PublishRequest;
import dev.herald.publisher.publish.service.PublishService;

/** Transport adapter: publish requests from Kafka to {@link PublishService}. */
@ApplicationScoped
public class PublishRequestConsumer {

    public static final String CHANNEL = "publish-requests";

    private final PublishService publisher;

    public PublishRequestConsumer(PublishService publisher) {
        this.publisher = publisher;
    }

    // The ledger makes a retry safe: a finished destination only re-emits its result, an interrupted one is read
    // back from the platform first.
    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = IllegalArgumentException.class)
    public void consume(ConsumerRecord<String, String> record) {
        publisher.handle(EventJson.read(record.value(), PublishRequest.class));
    }
}
