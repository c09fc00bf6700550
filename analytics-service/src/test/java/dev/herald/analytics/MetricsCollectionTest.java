package dev.herald.analytics;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.analytics.service.CollectionService;
import dev.herald.events.MetricsReport;
import dev.herald.events.MetricsRequest;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * Collection against real Kafka and PostgreSQL, driven by a test clock: slots open on publication, are requested at
 * their times (once, under a lease), a platform's 429 pushes a slot later and it is filled then, without duplicates.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MetricsCollectionTest {

    @Inject
    CollectionService collection;

    @Test
    void shouldRequestEachSlotAtItsScheduledTimeWhenAPostIsPublished() {
        var fixture = new MetricsFixture();
        Instant t0 = Instant.parse("2030-04-01T10:00:00Z");
        var destination = fixture.publish("acct_sched", "sandbox", t0);

        fixture.api()
                .get("/v1/analytics/posts/" + destination.postId())
                .then()
                .statusCode(200)
                .body("destinations[0].collection.slot", contains("15m", "1h", "6h", "24h", "3d", "7d", "30d"))
                .body("destinations[0].collection[0].due_at", equalTo("2030-04-01T10:15:00Z"))
                .body("destinations[0].collection[3].due_at", equalTo("2030-04-02T10:00:00Z"))
                .body("destinations[0].collection[6].due_at", equalTo("2030-05-01T10:00:00Z"))
                .body(
                        "destinations[0].collection.state",
                        equalTo(List.of("pending", "pending", "pending", "pending", "pending", "pending", "pending")));

        collection.requestDue(t0.plus(Duration.ofMinutes(14)));
        slotStates(fixture, destination, "pending", "pending");

        collection.requestDue(t0.plus(Duration.ofMinutes(15)));
        slotStates(fixture, destination, "requested", "pending");
        MetricsRequest first = fixture.requests(MetricsRequest.POST, 1).get(0);
        assertEquals("15m", first.slot());
        assertEquals(1, first.attempt());
        assertEquals(destination.destinationId(), first.destinationId());
        assertEquals("sbx_" + destination.destinationId(), first.platformPostId());
        assertEquals(t0, first.publishedAt());
        assertEquals(t0.plus(Duration.ofMinutes(15)), first.dueAt());

        // Still under its lease: not asked twice.
        collection.requestDue(t0.plus(Duration.ofMinutes(20)));
        fixture.api()
                .get("/v1/analytics/posts/" + destination.postId())
                .then()
                .body("destinations[0].collection[0].attempts", equalTo(1));

        MetricsFixture.answer(first, MetricsFixture.post(100, 5, 1, 2, 0), t0.plus(Duration.ofMinutes(16)));
        await().atMost(MetricsFixture.WAIT)
                .untilAsserted(() -> slotStates(fixture, destination, "collected", "pending"));

        collection.requestDue(t0.plus(Duration.ofHours(1)));
        slotStates(fixture, destination, "collected", "requested");
        List<MetricsRequest> both = fixture.requests(MetricsRequest.POST, 2);
        assertEquals(
                List.of("15m", "1h"), both.stream().map(MetricsRequest::slot).toList());
    }

    @Test
    void shouldDelayTheSlotAndFillItLaterWhenThePlatformRateLimits() {
        var fixture = new MetricsFixture();
        Instant t0 = Instant.parse("2030-05-01T08:00:00Z");
        var destination = fixture.publish("acct_429", "x", t0);

        collection.requestDue(t0.plus(Duration.ofMinutes(15)));
        MetricsRequest first = fixture.requests(MetricsRequest.POST, 1).get(0);
        Instant retryAt = t0.plus(Duration.ofMinutes(30));
        MetricsFixture.report(MetricsReport.answering(
                first,
                MetricsReport.RATE_LIMITED,
                null,
                null,
                "rate_limited",
                "429 Too Many Requests",
                retryAt,
                t0.plus(Duration.ofMinutes(15))));
        await().atMost(MetricsFixture.WAIT)
                .untilAsserted(() -> fixture.api()
                        .get("/v1/analytics/posts/" + destination.postId())
                        .then()
                        .body("destinations[0].collection[0].state", equalTo("pending"))
                        .body("destinations[0].collection[0].due_at", equalTo("2030-05-01T08:30:00Z"))
                        .body(
                                "destinations[0].collection[0].last_error",
                                equalTo("rate_limited: 429 Too Many Requests")));

        // Pushed later, not away: not asked before the platform's time, asked again at it.
        collection.requestDue(t0.plus(Duration.ofMinutes(29)));
        slotStates(fixture, destination, "pending", "pending");
        collection.requestDue(retryAt);
        List<MetricsRequest> requests = fixture.requests(MetricsRequest.POST, 2);
        MetricsRequest second = requests.get(1);
        assertEquals("15m", second.slot());
        assertEquals(2, second.attempt());
        assertEquals(first.slotId(), second.slotId());

        MetricsFixture.answer(second, MetricsFixture.post(200, 10, 2, 1, 1), retryAt);
        // The same answer delivered twice (a redelivery under another event id): still one sample.
        MetricsFixture.answer(second, MetricsFixture.post(999, 99, 9, 9, 9), retryAt.plusSeconds(1));
        await().atMost(MetricsFixture.WAIT)
                .untilAsserted(() -> slotStates(fixture, destination, "collected", "pending"));
        fixture.api()
                .get("/v1/analytics/posts/" + destination.postId())
                .then()
                .body("destinations[0].series", hasSize(1))
                .body("destinations[0].series[0].slot", equalTo("15m"))
                .body("destinations[0].series[0].impressions", equalTo(200))
                .body("destinations[0].latest.engagement", equalTo(14))
                .body("destinations[0].collection[0].attempts", equalTo(2));
    }

    @Test
    void shouldOpenEachAccountsDailySlotOnceWhenTheDayStarts() {
        var fixture = new MetricsFixture();
        Instant t0 = Instant.parse("2030-06-03T09:00:00Z");
        fixture.publish("acct_daily_" + fixture.workspace, "mastodon", t0);

        Instant nextDay = Instant.parse("2030-06-04T00:05:00Z");
        collection.openAccountDays(nextDay);
        collection.openAccountDays(nextDay.plus(Duration.ofHours(1)));
        collection.requestDue(nextDay.plus(Duration.ofHours(1)));
        MetricsRequest request = fixture.requests(MetricsRequest.ACCOUNT, 1).get(0);
        assertEquals("2030-06-04", request.slot());
        assertEquals("mastodon", request.platform());
    }

    private static void slotStates(
            MetricsFixture fixture, MetricsFixture.Destination destination, String first, String second) {
        fixture.api()
                .get("/v1/analytics/posts/" + destination.postId())
                .then()
                .statusCode(200)
                .body("destinations[0].collection[0].state", equalTo(first))
                .body("destinations[0].collection[1].state", equalTo(second));
    }
}
