package dev.herald.kit.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Consumes one Kafka poll as one unit (for {@code @Incoming} methods of a channel with {@code batch=true} and manual
 * acknowledgement): the readable records go to the handler in one call (one transaction, one commit per poll rather
 * than per event: a consumer's throughput under load), each unreadable record alone goes to the channel's
 * dead-letter topic, then the poll is acknowledged.
 */
public final class ConsumedBatch {

    private static final Logger LOG = Logger.getLogger(ConsumedBatch.class);

    /** Reads one record: empty to skip it (a tombstone), IllegalArgumentException when it cannot be read. */
    @FunctionalInterface
    public interface Reader<T> {
        Optional<T> read(KafkaRecord<String, String> message, ConsumerRecord<String, String> record);
    }

    private ConsumedBatch() {}

    /**
     * Reads the poll and hands what it read to {@code handler}, which should wait out an outage itself (a retry):
     * if it still fails, or throws IllegalArgumentException, the whole poll goes to the dead-letter topic, once.
     */
    public static <T> CompletionStage<Void> handle(
            KafkaRecordBatch<String, String> batch, Reader<T> reader, Consumer<List<T>> handler) {
        List<T> events = new ArrayList<>();
        List<KafkaRecord<String, String>> unreadable = new ArrayList<>();
        List<IllegalArgumentException> reasons = new ArrayList<>();
        for (KafkaRecord<String, String> message : batch) {
            try {
                reader.read(message, record(message)).ifPresent(events::add);
            } catch (IllegalArgumentException e) {
                unreadable.add(message);
                reasons.add(e);
            }
        }
        try {
            if (!events.isEmpty()) {
                handler.accept(events);
            }
        } catch (RuntimeException e) {
            String topic = batch.getRecords().isEmpty()
                    ? "?"
                    : batch.getRecords().get(0).getTopic();
            LOG.errorf(e, "Handling %d consumed events of %s failed for good", events.size(), topic);
            return batch.nack(e);
        }
        // Only once the rest is handled: a failure above sends the whole poll to the dead-letter topic, once.
        List<CompletableFuture<Void>> parked = new ArrayList<>();
        for (int i = 0; i < unreadable.size(); i++) {
            parked.add(unreadable.get(i).nack(reasons.get(i)).toCompletableFuture());
        }
        return CompletableFuture.allOf(parked.toArray(CompletableFuture[]::new)).thenCompose(v -> batch.ack());
    }

    /** The consumed record behind a message of a batch. */
    @SuppressWarnings("unchecked")
    public static ConsumerRecord<String, String> record(KafkaRecord<String, String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalArgumentException("Not a consumed Kafka record"));
    }
}
