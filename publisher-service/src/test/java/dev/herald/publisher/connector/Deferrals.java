package dev.herald.publisher.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.TestKafka;

/**
 * A deferred destination asked again as post-service's scheduler does once its {@code next_retry_at} comes: the same
 * request as the next attempt. The tests send it at once, standing in for the wait.
 */
public final class Deferrals {

    private Deferrals() {}

    /** Sends attempt {@code request.attempt() + 1} and answers its result. */
    public static PublishResult askAgain(PublishRequest request) {
        // The same request but for its attempt number, whatever fields the event gains.
        ObjectNode json = EventJson.read(EventJson.write(request), ObjectNode.class);
        PublishRequest next =
                EventJson.read(json.put("attempt", request.attempt() + 1).toString(), PublishRequest.class);
        TestKafka.send(Topics.PUBLISH_REQUESTS, next.accountId(), EventTypes.PUBLISH_REQUESTED, next);
        var records = TestKafka.await(
                Topics.PUBLISH_RESULTS,
                r -> r.value().contains(request.destinationId())
                        && EventJson.read(r.value(), PublishResult.class).attempt() == next.attempt(),
                1,
                Duration.ofSeconds(30));
        assertEquals(1, records.size(), "a result for attempt " + next.attempt());
        return EventJson.read(records.get(0).value(), PublishResult.class);
    }
}
