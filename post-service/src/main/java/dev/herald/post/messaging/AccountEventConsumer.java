package dev.herald.post.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

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
        if (record.value() == null) {
            return; // a tombstone on the compacted topic
        }
        updater.apply(EventJson.read(record.value(), AccountEvent.class));
    }
}
