package dev.herald.post.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.EventJson;
import dev.herald.kit.outbox.Outbox;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.TestKafka;

/**
 * The relay drains a backlog over several lanes at once, and sends held events from passes of their own; events with
 * one key must still reach Kafka once each and in the order they were staged (consumers rely on it: a post's
 * "created" before its "canceled").
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class OutboxRelayOrderTest {

    private static final String TOPIC = "herald.test.outbox-order";
    private static final int TRANSACTIONS = 6;
    private static final int PER_TRANSACTION = 700;

    @Inject
    Outbox outbox;

    @Test
    void shouldSendEachEventOnceAndInStagingOrderWhenLanesDrainABacklogTogether() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Several batches' worth staged at once, the last part held a moment: both lanes work on the backlog together.
        Instant held = Instant.now().plusMillis(600);
        for (int t = 0; t < TRANSACTIONS; t++) {
            int transaction = t;
            QuarkusTransaction.requiringNew().run(() -> {
                List<Outbox.Staged> events = new ArrayList<>();
                for (int i = 0; i < PER_TRANSACTION; i++) {
                    int seq = transaction * PER_TRANSACTION + i;
                    boolean last = transaction == TRANSACTIONS - 1;
                    events.add(new Outbox.Staged(
                            last ? run + "-held" : run, Map.of("run", run, "seq", seq), last ? held : null));
                }
                outbox.appendAll(TOPIC, "test.ordered", events);
            });
        }
        int total = TRANSACTIONS * PER_TRANSACTION;

        var received = TestKafka.await(TOPIC, r -> r.key().startsWith(run), total + 1, Duration.ofSeconds(20));

        assertEquals(total, received.size(), "every event once");
        int heldFrom = (TRANSACTIONS - 1) * PER_TRANSACTION;
        assertEquals(sequence(0, heldFrom), sequenceOf(received, run), "staging order");
        assertEquals(sequence(heldFrom, total), sequenceOf(received, run + "-held"), "staging order of the held ones");
        Instant first = received.stream()
                .filter(r -> r.key().equals(run + "-held"))
                .map(r -> Instant.ofEpochMilli(r.timestamp()))
                .min(Instant::compareTo)
                .orElseThrow();
        assertTrue(!first.isBefore(held), "held events leave at their time, not before: " + first);
    }

    private static List<Integer> sequenceOf(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream()
                .filter(r -> r.key().equals(key))
                .map(r -> ((Number) EventJson.read(r.value(), Map.class).get("seq")).intValue())
                .toList();
    }

    private static List<Integer> sequence(int from, int to) {
        List<Integer> sequence = new ArrayList<>();
        for (int seq = from; seq < to; seq++) {
            sequence.add(seq);
        }
        return sequence;
    }
}
