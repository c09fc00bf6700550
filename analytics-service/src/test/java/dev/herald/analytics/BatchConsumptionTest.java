package dev.herald.analytics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.CloudEventHeaders;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.LocalInfra;
import dev.herald.testsupport.TestKafka;

/**
 * Publish results and post events are consumed a poll at a time, in one transaction per poll. Polls holding replays
 * (the same event id twice in one poll, and again in a later one) and an unreadable record must still count each
 * event once, and park only the unreadable record on the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class BatchConsumptionTest {

    private static final int RESULTS = 20;

    @Inject
    EntityManager entityManager;

    @Test
    void shouldRecordEachEventOnceWhenPollsHoldReplaysAndAnUnreadableRecord() {
        String workspace = "ws_" + UUID.randomUUID();
        String postId = "post_" + UUID.randomUUID();
        String account = "acct_" + UUID.randomUUID();
        Instant scheduled = Instant.parse("2029-04-01T09:00:00Z");
        String timingId = "evt_" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        String unreadable = "evt_unreadable_" + UUID.randomUUID();
        String sentinel = "evt_sentinel_" + UUID.randomUUID();
        try (var producer = producer()) {
            ProducerRecord<String, String> timing = record(
                    Topics.POST_EVENTS,
                    postId,
                    timingId,
                    EventTypes.POST_SCHEDULED,
                    scheduled(workspace, postId, scheduled));
            producer.send(timing);
            producer.send(timing); // replayed within the same poll
            for (int i = 0; i < RESULTS; i++) {
                String id = "evt_" + UUID.randomUUID();
                ids.add(id);
                ProducerRecord<String, String> result = record(
                        Topics.PUBLISH_RESULTS,
                        account,
                        id,
                        EventTypes.PUBLISH_RESULT,
                        published(workspace, postId, "dest_" + id, account, scheduled.plusSeconds(20)));
                producer.send(result);
                producer.send(result); // replayed at once: most likely in the same poll
                if (i == RESULTS / 2) {
                    producer.send(record(Topics.PUBLISH_RESULTS, account, unreadable, EventTypes.PUBLISH_RESULT, "{"));
                }
            }
            producer.flush();
            // Replayed again, in later polls; the sentinel comes last on the same partition.
            for (int i = 0; i < RESULTS; i++) {
                producer.send(record(
                        Topics.PUBLISH_RESULTS,
                        account,
                        ids.get(i),
                        EventTypes.PUBLISH_RESULT,
                        published(workspace, postId, "dest_" + ids.get(i), account, scheduled.plusSeconds(20))));
            }
            producer.send(timing);
            producer.send(record(
                    Topics.PUBLISH_RESULTS,
                    account,
                    sentinel,
                    EventTypes.PUBLISH_RESULT,
                    published(
                            "ws_" + UUID.randomUUID(),
                            "post_" + UUID.randomUUID(),
                            "dest_" + sentinel,
                            account,
                            scheduled)));
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        count("SELECT count(*) FROM publish_record" + " WHERE destination_id = ?1", "dest_" + sentinel)
                                == 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = ?1", timingId) == 1);

        assertEquals(RESULTS, count("SELECT count(*) FROM publish_record WHERE post_id = ?1", postId));
        assertEquals(
                RESULTS,
                count("SELECT count(*) FROM publish_record WHERE post_id = ?1 AND due_at IS NOT NULL", postId),
                "each record has the post's due time");
        assertEquals(
                RESULTS,
                count("SELECT coalesce(sum(count), 0) FROM publishing_outcome_day WHERE workspace_id = ?1", workspace),
                "each result counted once in the daily outcomes");
        assertEquals(
                RESULTS,
                count("SELECT coalesce(sum(count), 0) FROM publishing_delay_day WHERE workspace_id = ?1", workspace),
                "each delay counted once");
        assertEquals(
                RESULTS,
                count(
                        "SELECT count(*) FROM processed_event WHERE consumer = 'analytics-service.publish-results'"
                                + " AND event_id IN (SELECT 'evt_' || substr(destination_id, 10) FROM publish_record"
                                + " WHERE post_id = ?1)",
                        postId));
        long slotsPerRecord = count("SELECT count(*) FROM metric_slot WHERE destination_id = ?1", "dest_" + ids.get(0));
        assertEquals(
                RESULTS * slotsPerRecord,
                count("SELECT count(*) FROM metric_slot WHERE post_id = ?1", postId),
                "each published destination opens its collection schedule");
        // Only the unreadable record is parked on the dead-letter topic; the rest of its poll was recorded.
        List<String> parked = TestKafka.await(
                        Topics.PUBLISH_RESULTS + ".dlq", r -> account.equals(r.key()), 2, Duration.ofSeconds(10))
                .stream()
                .map(r -> TestKafka.header(r, CloudEventHeaders.ID))
                .toList();
        assertEquals(List.of(unreadable), parked);
    }

    private long count(String sql, String parameter) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) entityManager
                                .createNativeQuery(sql)
                                .setParameter(1, parameter)
                                .getSingleResult())
                        .longValue());
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"));
    }

    private static ProducerRecord<String, String> record(
            String topic, String key, String id, String type, Object payload) {
        var record = new ProducerRecord<>(topic, key, payload instanceof String json ? json : EventJson.write(payload));
        record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static PostEvent scheduled(String workspace, String postId, Instant at) {
        return new PostEvent(
                "evt_" + UUID.randomUUID(),
                EventTypes.POST_SCHEDULED,
                at,
                workspace,
                new PostEvent.PostSnapshot(
                        postId, "scheduled", "hello", at, "UTC", null, at.minusSeconds(3600), List.of()));
    }

    private static PublishResult published(
            String workspace, String postId, String destinationId, String account, Instant at) {
        return new PublishResult(
                workspace,
                postId,
                destinationId,
                account,
                "sandbox",
                PublishResult.PUBLISHED,
                "sbx_" + destinationId,
                null,
                null,
                null,
                1,
                at,
                null,
                at);
    }
}
