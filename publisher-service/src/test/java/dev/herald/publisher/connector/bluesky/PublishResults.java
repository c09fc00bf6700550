package dev.herald.publisher.connector.bluesky;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.kit.id.Ids;
import dev.herald.testsupport.TestKafka;

/** Sends a publish request through Kafka, as the post-service does, and waits for the publisher's result. */
final class PublishResults {

    private PublishResults() {}

    /** A first attempt, due now, of a new destination (Herald-shaped ids: the record key keeps their time). */
    static PublishRequest request(
            String workspace,
            String account,
            String caption,
            PublishRequest.Content content,
            Map<String, String> options) {
        return new PublishRequest(
                workspace,
                Ids.newId("post"),
                Ids.newId("dest"),
                account,
                "bluesky",
                "live",
                caption,
                1,
                Instant.now(),
                options,
                content);
    }

    static PublishResult of(PublishRequest request, Duration within) {
        TestKafka.send(Topics.PUBLISH_REQUESTS, request.accountId(), EventTypes.PUBLISH_REQUESTED, request);
        var records =
                TestKafka.await(Topics.PUBLISH_RESULTS, r -> r.value().contains(request.destinationId()), 1, within);
        assertEquals(1, records.size(), "a result for " + request.destinationId());
        return EventJson.read(records.get(0).value(), PublishResult.class);
    }
}
