package dev.herald.post.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import dev.herald.events.AccountEvent;
import dev.herald.events.EventJson;
import dev.herald.post.service.AccountViewUpdater;

/** Transport adapter: the accounts topic into the account read model. */
@ApplicationScoped
public class AccountEventConsumer {

    public static final String CHANNEL = "accounts";

    private final AccountViewUpdater updater;

    public AccountEventConsumer(AccountViewUpdater updater) {
        this.updater = updater;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = 5, delay = 200, abortOn = IllegalArgumentException.class)
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // a tombstone on the compacted topic
        }
        updater.apply(EventJson.read(record.value(), AccountEvent.class));
    }
}
