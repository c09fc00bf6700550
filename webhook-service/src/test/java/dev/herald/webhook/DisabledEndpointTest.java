package dev.herald.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.webhook.support.Receiver;
import dev.herald.webhook.support.ReceiverTest;

/** What becomes of the deliveries still pending for an endpoint the tenant has disabled. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class DisabledEndpointTest extends ReceiverTest {

    @Test
    void shouldFailEveryPendingDeliveryWithoutSendingWhenItsEndpointIsDisabled() {
        // Throttled, so each delivery's next attempt is an hour away: none is sent again before the endpoint is off.
        receiver.answer("/paused", Receiver.Answer.status(503, Map.of("Retry-After", "3600"), "slow down"));
        String endpoint = (String) tenant.register(receiver.url("/paused")).get("id");
        for (int i = 0; i < 3; i++) {
            tenant.postPublished();
        }
        await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> tenant.deliveries(endpoint),
                        all -> all.size() == 3 && all.stream().allMatch(d -> (int) d.get("attempts") == 1));
        tenant.api().post("/v1/webhooks/" + endpoint + "/disable").then().statusCode(200);

        clock.advance(Duration.ofHours(1).plusMinutes(1));

        // Due again: the dispatcher's claim finds the endpoint disabled and fails them instead of sending.
        List<Map<String, Object>> failed = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> tenant.deliveries(endpoint),
                        all -> all.stream().allMatch(d -> "failed".equals(d.get("status"))));
        for (Map<String, Object> delivery : failed) {
            assertEquals("endpoint_disabled", delivery.get("last_error"));
            assertEquals(1, delivery.get("attempts"));
            assertNull(delivery.get("next_attempt_at"));
        }
        assertEquals(3, receiver.hits("/paused").size(), "nothing is sent once the endpoint is disabled");
    }
}
