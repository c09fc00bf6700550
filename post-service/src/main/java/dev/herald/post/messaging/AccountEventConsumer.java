package dev.herald.post.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import dev.herald.events.AccountEvent;
import dev.herald.events.EventJson;
import dev.herald.kit.inbox.ConsumerTransactions;
import dev.herald.post.service.AccountViewUpdater;

/** Transport adapter: the accounts topic into the account read model. */
@ApplicationScoped
public class AccountEventConsumer {

    public static final String CHANNEL = "accounts";

    private final AccountViewUpdater updater;
    private final ConsumerTransactions transactions;

    public AccountEventConsumer(AccountViewUpdater updater, ConsumerTransactions transactions) {
        this.updater = updater;
        this.transactions = transactions;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // a tombstone on the compacted topic
        }
        AccountEvent event = EventJson.read(record.value(), AccountEvent.class);
        // An outage is waited out (ConsumerTransactions) rather than dead-lettering an event that is still owed; only
        // an unreadable event goes to the dead-letter topic at once.
        transactions.run(() -> updater.apply(event));
    }
}
