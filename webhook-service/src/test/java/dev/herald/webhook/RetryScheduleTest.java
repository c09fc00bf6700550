package dev.herald.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.support.Receiver;
import dev.herald.webhook.support.ReceiverTest;
import dev.herald.webhook.support.StandardWebhooksVerifier;

/** The retry schedule and status handling, driven by the test clock (hours pass in a moment). */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class RetryScheduleTest extends ReceiverTest {

    @Test
    void shouldAttemptAtTheScheduleOffsetsThenFailWhenTheEndpointAlwaysAnswers500() {
        receiver.answer("/down", Receiver.Answer.status(500));
        String endpoint = (String) tenant.register(receiver.url("/down")).get("id");

        tenant.postPublished();

        List<Duration> delays = Delivery.RETRY_DELAYS;
        for (int i = 0; i < delays.size(); i++) {
            int attempts = i + 1;
            Map<String, Object> delivery = awaitDelivery(endpoint, d -> attempts == (int) d.get("attempts"));
            Instant last = Instant.parse((String) delivery.get("last_attempt_at"));
            Instant next = Instant.parse((String) delivery.get("next_attempt_at"));
            Duration gap = Duration.between(last, next);
            Duration base = delays.get(i);
            assertTrue(
                    gap.compareTo(scale(base, 0.8)) >= 0 && gap.compareTo(scale(base, 1.2)) <= 0,
                    "attempt " + (attempts + 1) + " " + gap + " after attempt " + attempts + ", schedule says " + base
                            + " ±20 %");

            // Not a moment early: shortly before it is due, nothing is sent.
            clock.advanceTo(next.minusSeconds(3));
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> receiver.hits("/down").size() == attempts);
            clock.advanceTo(next);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.hits("/down").size() == attempts + 1);
        }

        Map<String, Object> failed = awaitDelivery(endpoint, d -> "failed".equals(d.get("status")));
        assertEquals(8, failed.get("attempts"), "immediately, then the 7 delays");
        assertNull(failed.get("next_attempt_at"));
        assertEquals(
                1,
                receiver.hits("/down").stream().map(Receiver.Hit::id).distinct().count());
        assertEquals(8, tenant.attempts(endpoint, (String) failed.get("id")).size());
    }

    @Test
    void shouldDisableTheEndpointWhenItAnswers410() {
        receiver.answer("/gone", Receiver.Answer.status(410));
        String endpoint = (String) tenant.register(receiver.url("/gone")).get("id");

        tenant.postPublished();

        Map<String, Object> delivery = awaitDelivery(endpoint, d -> "failed".equals(d.get("status")));
        assertEquals(1, delivery.get("attempts"));
        Map<String, Object> disabled = tenant.endpoint(endpoint);
        assertEquals("disabled", disabled.get("status"));
        assertEquals("endpoint_gone", disabled.get("disabled_reason"));

        tenant.postPublished();
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> tenant.deliveries(endpoint).size() == 1);
        assertEquals(1, receiver.hits("/gone").size(), "nothing is sent to a disabled endpoint");
    }

    @Test
    void shouldCountARedirectAsAFailureWithoutFollowingIt() {
        receiver.answer("/moved", Receiver.Answer.status(302, Map.of("Location", receiver.url("/elsewhere")), ""));
        String endpoint = (String) tenant.register(receiver.url("/moved")).get("id");

        tenant.postPublished();

        Map<String, Object> delivery = awaitDelivery(endpoint, d -> (int) d.get("attempts") == 1);
        assertEquals("pending", delivery.get("status"), "a failed attempt, retried on the schedule");
        assertEquals(302, delivery.get("last_response_status"));
        assertTrue(((String) delivery.get("last_error")).contains("redirects are not followed"));
        assertEquals(0, receiver.hits("/elsewhere").size());
    }

    @Test
    void shouldWaitForRetryAfterWhenTheEndpointThrottlesButNotWhenItSimplyFails() {
        receiver.answer("/busy", Receiver.Answer.status(503, Map.of("Retry-After", "3600"), "slow down"));
        receiver.answer("/broken", Receiver.Answer.status(500, Map.of("Retry-After", "3600"), ""));
        String busy = (String) tenant.register(receiver.url("/busy")).get("id");
        String broken = (String) tenant.register(receiver.url("/broken")).get("id");

        tenant.postPublished();

        Map<String, Object> throttled = awaitDelivery(busy, d -> (int) d.get("attempts") == 1);
        assertEquals(
                Duration.ofHours(1),
                Duration.between(Instant.parse((String) throttled.get("last_attempt_at")), Instant.parse((String)
                        throttled.get("next_attempt_at"))));
        Map<String, Object> failed = awaitDelivery(broken, d -> (int) d.get("attempts") == 1);
        Duration gap = Duration.between(Instant.parse((String) failed.get("last_attempt_at")), Instant.parse((String)
                failed.get("next_attempt_at")));
        assertTrue(gap.compareTo(Duration.ofSeconds(6)) <= 0, "a 500's Retry-After is not a throttle: " + gap);
        List<Map<String, Object>> attempts = tenant.attempts(busy, (String) throttled.get("id"));
        assertEquals("slow down", attempts.get(0).get("response_body"));
    }

    @Test
    void shouldSignWithBothSecretsWhenTheSecretWasRotatedWithinTheOverlap() {
        Map<String, Object> created = tenant.register(receiver.url("/rotating"));
        String endpoint = (String) created.get("id");
        String oldSecret = (String) created.get("secret");
        String newSecret = tenant.api()
                .post("/v1/webhooks/" + endpoint + "/rotate-secret")
                .then()
                .statusCode(200)
                .extract()
                .path("secret");

        tenant.postPublished();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> receiver.hits("/rotating").size() == 1);
        Receiver.Hit during = receiver.hits("/rotating").get(0);
        assertEquals(2, during.signature().split(" ").length, during.signature());
        StandardWebhooksVerifier.verify(
                oldSecret, during.id(), during.timestamp(), during.signature(), during.body(), clock.instant());
        StandardWebhooksVerifier.verify(
                newSecret, during.id(), during.timestamp(), during.signature(), during.body(), clock.instant());

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        tenant.postPublished();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> receiver.hits("/rotating").size() == 2);
        Receiver.Hit after = receiver.hits("/rotating").get(1);
        assertEquals(1, after.signature().split(" ").length, after.signature());
        StandardWebhooksVerifier.verify(
                newSecret, after.id(), after.timestamp(), after.signature(), after.body(), clock.instant());
        assertFalse(StandardWebhooksVerifier.matches(
                oldSecret, after.id(), after.timestamp(), after.signature(), after.body()));
        assertThrows(
                AssertionError.class,
                () -> StandardWebhooksVerifier.verify(
                        oldSecret, after.id(), after.timestamp(), after.signature(), after.body(), clock.instant()));
    }

    @Test
    void shouldDisableTheEndpointWhenItHasFailedForFiveDays() {
        receiver.answer("/failing", Receiver.Answer.status(500));
        String endpoint = (String) tenant.register(receiver.url("/failing")).get("id");
        tenant.postPublished();
        awaitDelivery(endpoint, d -> (int) d.get("attempts") == 1);

        clock.advance(Duration.ofDays(5).plusMinutes(1));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> "disabled".equals(tenant.endpoint(endpoint).get("status")));

        assertEquals("failing_for_days", tenant.endpoint(endpoint).get("disabled_reason"));
        // The tenant is told: the pull feed announces it.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tenant.api()
                        .get("/v1/events?type=webhook.endpoint_disabled")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("data.data.endpoint_id")
                        .contains(endpoint));
    }

    private Map<String, Object> awaitDelivery(String endpoint, java.util.function.Predicate<Map<String, Object>> when) {
        return await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> tenant.onlyDelivery(endpoint), when::test);
    }

    private static Duration scale(Duration duration, double factor) {
        return Duration.ofMillis((long) (duration.toMillis() * factor));
    }
}
