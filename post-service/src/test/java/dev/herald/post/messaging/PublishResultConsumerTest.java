package dev.herald.post.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.post.PostApi;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.LocalInfra;
import dev.herald.testsupport.TestKafka;

/**
 * Publish results are applied a poll at a time, in one transaction per poll. Polls holding replays (the same event
 * twice in one poll, and again in a later one), both destinations of a post, and an unreadable record must still
 * apply each result once, announce each post once, and park only the unreadable record on the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PublishResultConsumerTest {

    private static final int POSTS = 8;

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    EntityManager entityManager;

    @Test
    void shouldApplyEachResultOnceWhenPollsHoldReplaysAndAnUnreadableRecord() {
        String first = PostApi.connectSandboxAccount(workspace);
        String second = PostApi.connectSandboxAccount(workspace);
        List<String> posts = new ArrayList<>();
        List<PublishRequest> requests = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            String postId = PostApi.createNow(workspace, "batch " + i, first, second);
            posts.add(postId);
            requests.add(PostApi.requestFor(postId, first));
            requests.add(PostApi.requestFor(postId, second));
        }
        String key = "acct_batch_" + UUID.randomUUID();
        String unreadable = "evt_unreadable_" + UUID.randomUUID();
        List<ProducerRecord<String, String>> results = new ArrayList<>();
        for (PublishRequest request : requests) {
            results.add(result(key, "evt_" + UUID.randomUUID(), EventJson.write(published(request))));
        }
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < results.size(); i++) {
                producer.send(results.get(i));
                producer.send(results.get(i)); // replayed at once: most likely in the same poll
                if (i == results.size() / 2) {
                    producer.send(result(key, unreadable, "{"));
                }
            }
            producer.flush();
            results.forEach(producer::send); // replayed again, in later polls
            producer.flush();
        }

        posts.forEach(postId -> PostApi.awaitStatus(workspace, postId, "published"));
        Set<String> announced = Set.copyOf(posts);
        // Exactly one post.published per post: a second one would be read within the wait below.
        List<String> published = TestKafka.await(
                        Topics.POST_EVENTS,
                        r -> announced.contains(r.key())
                                && EventTypes.POST_PUBLISHED.equals(TestKafka.header(r, CloudEventHeaders.TYPE)),
                        POSTS + 1,
                        Duration.ofSeconds(5))
                .stream()
                .map(r -> r.key())
                .sorted()
                .toList();
        assertEquals(posts.stream().sorted().toList(), published);
        Set<String> ids = results.stream()
                .map(r ->
                        new String(r.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
        long processed = QuarkusTransaction.requiringNew()
                .call(() -> ((Number) entityManager
                                .createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id IN (:ids)")
                                .setParameter("ids", ids)
                                .getSingleResult())
                        .longValue());
        assertEquals(results.size(), processed, "each result recorded as processed once");
        // Only the unreadable record is parked on the dead-letter topic; the rest of its poll was applied.
        List<String> parked =
                TestKafka.await(Topics.PUBLISH_RESULTS + ".dlq", r -> key.equals(r.key()), 2, Duration.ofSeconds(10))
                        .stream()
                        .map(r -> TestKafka.header(r, CloudEventHeaders.ID))
                        .toList();
        assertEquals(List.of(unreadable), parked);
    }

    private static ProducerRecord<String, String> result(String key, String id, String value) {
        var record = new ProducerRecord<>(Topics.PUBLISH_RESULTS, key, value);
        record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, EventTypes.PUBLISH_RESULT.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static PublishResult published(PublishRequest request) {
        return new PublishResult(
                request.workspaceId(),
                request.postId(),
                request.destinationId(),
                request.accountId(),
                request.platform(),
                PublishResult.PUBLISHED,
                "sbx_" + request.destinationId(),
                "https://sandbox.example/p/" + request.destinationId(),
                null,
                null,
                request.attempt(),
                Instant.now(),
                null,
                Instant.now());
    }
}
