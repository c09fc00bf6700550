package dev.herald.media.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.CloudEventHeaders;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.Topics;
import dev.herald.kit.id.Ids;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.LocalInfra;
import dev.herald.testsupport.TestKafka;

/**
 * Post events are applied a poll at a time, in one transaction per poll. Polls holding replays (the same event twice
 * in one poll, and again in a later one, after the post's newer event), an unreadable record and an event without its
 * post must still apply each event once and in order, and park only the two bad records on the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PostEventBatchTest {

    private static final int POSTS = 12;

    @Inject
    EntityManager entityManager;

    @Test
    void shouldApplyEachEventOnceWhenPollsHoldReplaysAndUnreadableRecords() {
        String workspace = "ws_" + Ids.newId("batch");
        String key = Ids.newId("post");
        Instant at = Instant.parse("2029-05-01T10:00:00Z");
        List<String> posts = new ArrayList<>();
        List<ProducerRecord<String, String>> scheduled = new ArrayList<>();
        List<ProducerRecord<String, String>> published = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            String post = Ids.newId("post");
            posts.add(post);
            List<String> media = List.of(Ids.newId("med"), Ids.newId("med"));
            scheduled.add(event(key, workspace, post, "scheduled", EventTypes.POST_UPDATED, media, at));
            // Every other post goes on to be published a second later; the others stay scheduled with their media.
            if (i % 2 == 0) {
                published.add(
                        event(key, workspace, post, "published", EventTypes.POST_PUBLISHED, media, at.plusSeconds(1)));
            }
        }
        ProducerRecord<String, String> sentinel =
                event(key, workspace, Ids.newId("post"), "scheduled", EventTypes.POST_UPDATED, List.of(), at);
        String unreadable = Ids.newId("evt");
        String postless = Ids.newId("evt");
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"))) {
            for (ProducerRecord<String, String> record : scheduled) {
                producer.send(record);
                producer.send(record); // replayed at once: most likely in the same poll
            }
            producer.send(record(key, unreadable, EventTypes.POST_UPDATED, "{"));
            producer.send(record(
                    key,
                    postless,
                    EventTypes.POST_UPDATED,
                    EventJson.write(new PostEvent(postless, EventTypes.POST_UPDATED, at, workspace, null))));
            published.forEach(producer::send);
            producer.flush();
            scheduled.forEach(producer::send); // the older events again, after the newer ones: they change nothing
            producer.send(sentinel); // last on the partition: once it is applied, all before it are
            producer.flush();
        }

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        count("SELECT count(*) FROM processed_event WHERE event_id IN (:ids)", ids(List.of(sentinel)))
                                == 1);
        assertEquals(
                POSTS,
                count(
                        "SELECT count(*) FROM processed_event WHERE consumer = 'media-service.post-events'"
                                + " AND event_id IN (:ids)",
                        ids(scheduled)));
        assertEquals(
                published.size(),
                count("SELECT count(*) FROM processed_event WHERE event_id IN (:ids)", ids(published)));
        assertEquals(
                POSTS / 2,
                count(
                        "SELECT count(*) FROM post_usage WHERE post_id IN (:ids) AND post_status = 'published'"
                                + " AND NOT active",
                        posts),
                "a published post stays published when its older event comes again");
        assertEquals(POSTS / 2, count("SELECT count(*) FROM post_usage WHERE post_id IN (:ids) AND active", posts));
        assertEquals(
                POSTS,
                count("SELECT count(*) FROM media_usage WHERE post_id IN (:ids)", posts),
                "two media for each post still scheduled, none for the published ones");
        List<String> parked =
                TestKafka.await(Topics.POST_EVENTS + ".dlq", r -> key.equals(r.key()), 3, Duration.ofSeconds(5))
                        .stream()
                        .map(r -> TestKafka.header(r, CloudEventHeaders.ID))
                        .sorted()
                        .toList();
        assertEquals(List.of(unreadable, postless).stream().sorted().toList(), parked);
    }

    private long count(String sql, List<String> ids) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) entityManager
                                .createNativeQuery(sql)
                                .setParameter("ids", ids)
                                .getSingleResult())
                        .longValue());
    }

    private static List<String> ids(List<ProducerRecord<String, String>> records) {
        return records.stream()
                .map(r ->
                        new String(r.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static ProducerRecord<String, String> event(
            String key, String workspace, String post, String status, String type, List<String> media, Instant at) {
        String id = Ids.newId("evt");
        var snapshot = new PostEvent.PostSnapshot(post, status, "Hello", at, "UTC", null, at, List.of(), media);
        return record(key, id, type, EventJson.write(new PostEvent(id, type, at, workspace, snapshot)));
    }

    private static ProducerRecord<String, String> record(String key, String id, String type, String value) {
        var record = new ProducerRecord<>(Topics.POST_EVENTS, key, value);
        record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
