package dev.herald.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.analytics.service.AnalyticsService;
import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.PublishResult;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * The daily publishing rollups must always say what an aggregate over every publish record would: results and
 * timings in either order, failures later published, posts rescheduled after their result, results repeated, across
 * midnight. A seeded random history is replayed and both sides compared row by row.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PublishingRollupTest {

    private static final String FROM_RECORDS_OUTCOMES = "SELECT (updated_at AT TIME ZONE 'UTC')::date::text, platform,"
            + " status, CASE WHEN status = 'published' THEN '' ELSE coalesce(error_code, 'unknown') END, count(*)"
            + " FROM publish_record WHERE workspace_id = :ws AND status IN ('published', 'failed')"
            + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";
    private static final String FROM_ROLLUP_OUTCOMES = "SELECT day::text, platform, status, error_code, sum(count)"
            + " FROM publishing_outcome_day WHERE workspace_id = :ws GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0"
            + " ORDER BY 1, 2, 3, 4";
    private static final String FROM_RECORDS_DELAYS = "SELECT (updated_at AT TIME ZONE 'UTC')::date::text,"
            + " publishing_delay_bucket(greatest(0, extract(EPOCH FROM published_at - due_at))::numeric)::text,"
            + " count(*) FROM publish_record WHERE workspace_id = :ws AND status = 'published' AND due_at IS NOT NULL"
            + " GROUP BY 1, 2 ORDER BY 1, 2";
    private static final String FROM_ROLLUP_DELAYS = "SELECT day::text, delay_seconds::text, sum(count)"
            + " FROM publishing_delay_day WHERE workspace_id = :ws GROUP BY 1, 2 HAVING sum(count) <> 0 ORDER BY 1, 2";

    @Inject
    AnalyticsService analytics;

    @Inject
    EntityManager entityManager;

    @Test
    void shouldMatchAnAggregateOverTheRecordsWhenEventsArriveInAnyOrder() {
        String workspace = "ws_" + UUID.randomUUID();
        Random random = new Random(20261126);
        Instant midnight = Instant.parse("2029-04-02T00:00:00Z");
        for (int i = 0; i < 60; i++) {
            String postId = "post_" + UUID.randomUUID();
            String destination = "dest_" + UUID.randomUUID();
            String platform = random.nextBoolean() ? "x" : "mastodon";
            Instant due = midnight.plusSeconds(random.nextInt(7200) - 3600);
            Instant live = due.plusMillis(random.nextInt(400_000));
            boolean timingFirst = random.nextBoolean();
            if (timingFirst) {
                timing(workspace, postId, due);
            }
            if (random.nextInt(3) == 0) {
                result(workspace, postId, destination, platform, PublishResult.FAILED, "rate_limited", due);
            }
            if (random.nextInt(4) == 0) {
                result(workspace, postId, destination, platform, PublishResult.FAILED, null, live);
            } else {
                result(workspace, postId, destination, platform, PublishResult.PUBLISHED, null, live);
                if (random.nextInt(5) == 0) {
                    // a late failure changes nothing: a published record is final
                    result(workspace, postId, destination, platform, PublishResult.FAILED, "late", live.plusSeconds(9));
                }
            }
            if (!timingFirst || random.nextInt(5) == 0) {
                timing(workspace, postId, timingFirst ? due.minusSeconds(random.nextInt(600)) : due);
            }
        }

        List<String> outcomes = rows(FROM_RECORDS_OUTCOMES, workspace);
        List<String> delays = rows(FROM_RECORDS_DELAYS, workspace);
        // the history spans two days, both platforms, both outcomes and many delays: nothing compared is empty
        assertTrue(outcomes.size() >= 6, () -> "outcome groups: " + outcomes);
        assertTrue(delays.size() >= 20, () -> "delay groups: " + delays);
        assertEquals(outcomes, rows(FROM_ROLLUP_OUTCOMES, workspace));
        assertEquals(delays, rows(FROM_ROLLUP_DELAYS, workspace));
    }

    private List<String> rows(String sql, String workspace) {
        List<?> rows = QuarkusTransaction.requiringNew()
                .call(() -> entityManager
                        .createNativeQuery(sql)
                        .setParameter("ws", workspace)
                        .getResultList());
        return rows.stream()
                .map(row -> String.join(
                        " | ",
                        Arrays.stream((Object[]) row).map(String::valueOf).toList()))
                .toList();
    }

    private void timing(String workspace, String postId, Instant due) {
        analytics.recordTiming(
                "evt_" + UUID.randomUUID(),
                new PostEvent(
                        "evt_" + UUID.randomUUID(),
                        EventTypes.POST_SCHEDULED,
                        due,
                        workspace,
                        new PostEvent.PostSnapshot(
                                postId, "scheduled", "hi", due, "UTC", null, due.minusSeconds(60), List.of())));
    }

    private void result(
            String workspace,
            String postId,
            String destination,
            String platform,
            String status,
            String errorCode,
            Instant at) {
        boolean published = PublishResult.PUBLISHED.equals(status);
        analytics.record(
                "evt_" + UUID.randomUUID(),
                new PublishResult(
                        workspace,
                        postId,
                        destination,
                        "acct_1",
                        platform,
                        status,
                        null,
                        null,
                        errorCode,
                        errorCode,
                        1,
                        published ? at : null,
                        null,
                        at));
    }
}
