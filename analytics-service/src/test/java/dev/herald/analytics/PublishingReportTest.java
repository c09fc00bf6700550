package dev.herald.analytics;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.TestKafka;

/**
 * The workspace's publishing figures for a hand-computed fixture: four posts live 10, 20, 30 and 40 s after their
 * scheduled time (median 25 s; p95 by linear interpolation 30 + 0.85 × 10 = 38.5 s) and three failures.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PublishingReportTest {

    private final MetricsFixture fixture = new MetricsFixture();

    @Test
    void shouldCountOutcomesPerDayAndMeasureTheDelayWhenPostsWentLiveOrFailed() {
        Instant scheduled = Instant.parse("2029-02-01T12:00:00Z");
        for (int delay : List.of(10, 20, 30, 40)) {
            String postId = schedule(scheduled);
            result(postId, "x", PublishResult.PUBLISHED, null, scheduled.plusSeconds(delay));
        }
        result(schedule(scheduled), "x", PublishResult.FAILED, "sandbox_rejected", scheduled.plusSeconds(5));
        result(schedule(scheduled), "x", PublishResult.FAILED, "sandbox_rejected", scheduled.plusSeconds(6));
        result(
                schedule(scheduled),
                "mastodon",
                PublishResult.FAILED,
                "auth_expired",
                Instant.parse("2029-02-02T08:00:00Z"));

        await().atMost(MetricsFixture.WAIT)
                .untilAsserted(() -> fixture.api()
                        .queryParam("from", "2029-02-01")
                        .queryParam("to", "2029-02-03")
                        .get("/v1/analytics/publishing")
                        .then()
                        .statusCode(200)
                        .body("days.day", contains("2029-02-01", "2029-02-02"))
                        .body("days.published", contains(4, 0))
                        .body("days.failed", contains(2, 1))
                        .body("delay.count", equalTo(4))
                        .body("delay.median_seconds", equalTo(25.0f))
                        .body("delay.p95_seconds", equalTo(38.5f))
                        .body("failure_reasons.platform", contains("mastodon", "x"))
                        .body("failure_reasons.error_code", contains("auth_expired", "sandbox_rejected"))
                        .body("failure_reasons.count", contains(1, 2)));
    }

    private String schedule(Instant scheduledAt) {
        String postId = "post_" + UUID.randomUUID();
        var snapshot = new PostEvent.PostSnapshot(
                postId, "scheduled", "hello", scheduledAt, "UTC", null, scheduledAt.minusSeconds(3600), List.of());
        TestKafka.send(
                Topics.POST_EVENTS,
                postId,
                EventTypes.POST_SCHEDULED,
                new PostEvent(
                        "evt_" + UUID.randomUUID(),
                        EventTypes.POST_SCHEDULED,
                        scheduledAt,
                        fixture.workspace,
                        snapshot));
        return postId;
    }

    private void result(String postId, String platform, String status, String errorCode, Instant at) {
        boolean published = PublishResult.PUBLISHED.equals(status);
        TestKafka.send(
                Topics.PUBLISH_RESULTS,
                postId,
                EventTypes.PUBLISH_RESULT,
                new PublishResult(
                        fixture.workspace,
                        postId,
                        "dest_" + UUID.randomUUID(),
                        "acct_" + UUID.randomUUID(),
                        platform,
                        status,
                        published ? "sbx_" + UUID.randomUUID() : null,
                        null,
                        errorCode,
                        errorCode,
                        1,
                        published ? at : null,
                        null,
                        at));
    }
}
