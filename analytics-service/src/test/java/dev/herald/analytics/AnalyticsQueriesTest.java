package dev.herald.analytics;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.analytics.service.CollectionService;
import dev.herald.events.MetricsReport;
import dev.herald.events.MetricsRequest;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * Series, aggregates, best times and account periods for a hand-computed fixture, collected through the real
 * request → report flow (Kafka and PostgreSQL), and the workspace boundary.
 *
 * <p>The fixture (UTC; engagement = likes + comments + shares + saves):
 *
 * <pre>
 * post  account  platform  published            latest sample (slot)              engagement
 * p1    a        x         Mon 2029-01-01 09:10 imp 400 likes 30 com 5 sh 4 sv 1 (1h; 15m: imp 100, eng 13)  40
 * p2    a        x         Mon 2029-01-01 09:40 imp 300 likes 20 com 3 sh 2 sv 5 (15m)                       30
 * p4    a        x         Tue 2029-01-02 03:00 imp 1000 likes 1                 (15m)                        1
 * p3    a        x         Wed 2029-01-03 18:05 imp 200 likes 8 com 1 sh 1       (15m)                       10
 * p5    b        mastodon  Wed 2029-01-03 12:00 no impressions, likes 6 com 2 sh 4 (15m)                     12
 * totals: 5 posts, 1900 impressions, engagement 93, rate 93 / 1900 = 0.0489
 * </pre>
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsQueriesTest {

    private static final Instant MONDAY = Instant.parse("2029-01-01T00:00:00Z");

    @Inject
    CollectionService collection;

    private final MetricsFixture fixture = new MetricsFixture();
    private final String accountA = "acct_a_" + UUID.randomUUID();
    private final String accountB = "acct_b_" + UUID.randomUUID();
    private MetricsFixture.Destination p1;

    // Once for the class (PER_CLASS), but in @BeforeEach: Quarkus sets RestAssured's port only before each test.
    @BeforeEach
    void collectTheFixture() {
        if (p1 != null) {
            return;
        }
        p1 = fixture.publish(accountA, "x", at(0, 9, 10));
        var p2 = fixture.publish(accountA, "x", at(0, 9, 40));
        var p4 = fixture.publish(accountA, "x", at(1, 3, 0));
        var p3 = fixture.publish(accountA, "x", at(2, 18, 5));
        var p5 = fixture.publish(accountB, "mastodon", at(2, 12, 0));
        collection.requestDue(at(2, 18, 20));

        answer(p1, "15m", MetricsFixture.post(100, 10, 2, 1, 0), at(0, 9, 25));
        answer(p1, "1h", MetricsFixture.post(400, 30, 5, 4, 1), at(0, 10, 10));
        answer(p2, "15m", MetricsFixture.post(300, 20, 3, 2, 5), at(0, 9, 55));
        answer(p4, "15m", MetricsFixture.post(1000, 1, 0, 0, 0), at(1, 3, 15));
        answer(p3, "15m", MetricsFixture.post(200, 8, 1, 1, 0), at(2, 18, 20));
        answer(p5, "15m", new MetricsReport.Values(null, null, 6L, 2L, 4L, null, null, null, null), at(2, 12, 15));

        // Account a's followers and impressions for eight days: day i has 1000 + 10 i followers, 100 i impressions.
        for (int day = 1; day <= 8; day++) {
            Instant start = at(day - 1, 0, 5);
            collection.openAccountDays(start);
            collection.requestDue(start);
            MetricsRequest request = fixture.request(
                    accountA, LocalDate.ofInstant(start, ZoneOffset.UTC).toString());
            MetricsFixture.report(MetricsReport.answering(
                    request,
                    MetricsReport.COLLECTED,
                    new MetricsReport.Values(100L * day, null, null, null, null, null, null, null, 1000L + 10 * day),
                    "{}",
                    null,
                    null,
                    null,
                    start));
        }
        await().atMost(MetricsFixture.WAIT)
                .untilAsserted(() -> fixture.api()
                        .queryParam("from", "2029-01-01")
                        .queryParam("to", "2029-01-08")
                        .get("/v1/analytics")
                        .then()
                        .statusCode(200)
                        .body("totals.posts", equalTo(5))
                        .body("totals.engagement", equalTo(93)));
        await().atMost(MetricsFixture.WAIT)
                .untilAsserted(() -> fixture.api()
                        .queryParam("from", "2029-01-01")
                        .queryParam("to", "2029-01-08")
                        .get("/v1/analytics/accounts/" + accountA)
                        .then()
                        .body("data", hasSize(8)));
    }

    @Test
    void shouldShowTheSeriesAndTheLatestSampleWhenAPostHasSeveral() {
        fixture.api()
                .get("/v1/analytics/posts/" + p1.postId())
                .then()
                .statusCode(200)
                .body("object", equalTo("post_analytics"))
                .body("destinations[0].series.slot", contains("15m", "1h"))
                .body("destinations[0].series[0].impressions", equalTo(100))
                .body("destinations[0].series[0].engagement", equalTo(13))
                .body("destinations[0].series[0].engagement_rate", equalTo(0.13f))
                .body("destinations[0].series[0].reach", nullValue())
                .body("destinations[0].latest.slot", equalTo("1h"))
                .body("destinations[0].latest.impressions", equalTo(400))
                .body("destinations[0].latest.engagement", equalTo(40))
                .body("destinations[0].latest.engagement_rate", equalTo(0.1f));
    }

    @Test
    void shouldSumTheLatestMetricsWhenAggregatingTheRange() {
        fixture.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-03")
                .get("/v1/analytics")
                .then()
                .statusCode(200)
                .body("totals.posts", equalTo(5))
                .body("totals.impressions", equalTo(1900))
                .body("totals.likes", equalTo(65))
                .body("totals.comments", equalTo(11))
                .body("totals.shares", equalTo(11))
                .body("totals.saves", equalTo(6))
                .body("totals.engagement", equalTo(93))
                .body("totals.engagement_rate", equalTo(0.0489f))
                .body("top_posts.latest.engagement", contains(40, 30, 12, 10, 1))
                .body("top_posts[0].post_id", equalTo(p1.postId()));
        // One day less: p3 and p5 (Wednesday) are out.
        fixture.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-02")
                .get("/v1/analytics")
                .then()
                .body("totals.posts", equalTo(3))
                .body("totals.engagement", equalTo(71));
    }

    @Test
    void shouldGroupByPlatformAccountAndDayWhenAsked() {
        fixture.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-03")
                .queryParam("group_by", "platform")
                .get("/v1/analytics")
                .then()
                .statusCode(200)
                .body("data.key", contains("mastodon", "x"))
                .body("data.posts", contains(1, 4))
                .body("data.engagement", contains(12, 81))
                .body("data[0].engagement_rate", nullValue())
                .body("data[1].engagement_rate", equalTo(0.0426f));
        fixture.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-03")
                .queryParam("group_by", "account")
                .get("/v1/analytics")
                .then()
                .body("data.key", contains(accountA, accountB))
                .body("data.posts", contains(4, 1));
        fixture.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-03")
                .queryParam("group_by", "day")
                .queryParam("limit", "2")
                .get("/v1/analytics")
                .then()
                .body("data.key", contains("2029-01-01", "2029-01-02"))
                .body("data.impressions", contains(700, 1000))
                .body("data.engagement_rate", contains(0.1f, 0.001f))
                .body("has_more", equalTo(true))
                .body("next_cursor", equalTo("2029-01-02"));
        fixture.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-03")
                .queryParam("group_by", "day")
                .queryParam("limit", "2")
                .queryParam("cursor", "2029-01-02")
                .get("/v1/analytics")
                .then()
                .body("data.key", contains("2029-01-03"))
                .body("data[0].posts", equalTo(2))
                .body("data[0].engagement", equalTo(22))
                .body("has_more", equalTo(false));
        fixture.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-03")
                .queryParam("platform", "mastodon")
                .get("/v1/analytics")
                .then()
                .body("totals.posts", equalTo(1))
                .body("top_posts", hasSize(1));
    }

    @Test
    void shouldReturnTheSeededPeakHoursWhenAskedForBestTimes() {
        fixture.api()
                .queryParam("account_id", accountA)
                .get("/v1/analytics/best-times")
                .then()
                .statusCode(200)
                .body("timezone", equalTo("UTC"))
                .body("data.weekday", contains(1, 3, 2))
                .body("data.hour", contains(9, 18, 3))
                .body("data.posts", contains(2, 1, 1))
                .body("data[0].average_engagement", equalTo(35.0f));
        // In New York (UTC-5 in January) the same posts fall at Monday 4:00, Wednesday 13:00 and Monday 22:00.
        fixture.api()
                .queryParam("account_id", accountA)
                .queryParam("timezone", "America/New_York")
                .get("/v1/analytics/best-times")
                .then()
                .body("data.weekday", contains(1, 3, 1))
                .body("data.hour", contains(4, 13, 22));
    }

    @Test
    void shouldShowAccountMetricsPerDayAndPerWeekWhenAsked() {
        fixture.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-08")
                .get("/v1/analytics/accounts/" + accountA)
                .then()
                .statusCode(200)
                .body("granularity", equalTo("day"))
                .body("data[0].period_start", equalTo("2029-01-01"))
                .body("data[0].metrics.followers", equalTo(1010))
                .body("data[7].metrics.followers", equalTo(1080));
        fixture.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-08")
                .queryParam("granularity", "week")
                .get("/v1/analytics/accounts/" + accountA)
                .then()
                .body("data.period_start", contains("2029-01-01", "2029-01-08"))
                .body("data.metrics.followers", contains(1070, 1080))
                .body("data.metrics.impressions", contains(2800, 800));
    }

    @Test
    void shouldAnswer404WhenAnotherWorkspaceAsksForThisWorkspacesObjects() {
        var other = new MetricsFixture();
        other.api()
                .get("/v1/analytics/posts/" + p1.postId())
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
        other.api().get("/v1/analytics/accounts/" + accountA).then().statusCode(404);
        other.api()
                .queryParam("account_id", accountA)
                .get("/v1/analytics/best-times")
                .then()
                .statusCode(404);
        other.api()
                .queryParam("account_id", accountA)
                .get("/v1/analytics")
                .then()
                .statusCode(404);
        other.api()
                .post("/v1/analytics/posts/" + p1.postId() + "/refresh")
                .then()
                .statusCode(404);
        other.api()
                .queryParam("from", "2029-01-01")
                .queryParam("to", "2029-01-08")
                .get("/v1/analytics")
                .then()
                .statusCode(200)
                .body("totals.posts", equalTo(0))
                .body("top_posts", hasSize(0));
    }

    @Test
    void shouldAnswer400NamingTheFieldsWhenDatesGranularityOrGroupingAreWrong() {
        fixture.api()
                .queryParam("from", "last tuesday")
                .queryParam("group_by", "hour")
                .get("/v1/analytics")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("validation_failed"))
                .body("error.details.field", contains("from", "group_by"))
                .body("error.details.code", contains("invalid_date", "invalid_value"));
        fixture.api()
                .queryParam("granularity", "month")
                .get("/v1/analytics/accounts/" + accountA)
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("granularity"));
        fixture.api()
                .queryParam("from", "2029-02-01")
                .queryParam("to", "2029-01-01")
                .get("/v1/analytics/publishing")
                .then()
                .statusCode(400)
                .body("error.details[0].code", equalTo("after_to"));
        fixture.api()
                .queryParam("from", "2027-01-01")
                .queryParam("to", "2029-01-01")
                .get("/v1/analytics")
                .then()
                .statusCode(400)
                .body("error.details[0].code", equalTo("range_too_long"));
        fixture.api()
                .queryParam("timezone", "Mars/Olympus")
                .queryParam("limit", "zero")
                .get("/v1/analytics/best-times")
                .then()
                .statusCode(400)
                .body("error.details.field", contains("account_id", "timezone", "limit"));
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenARefreshIsAskedAgainTooSoon() {
        var refreshed = fixture.publish(accountB, "mastodon", Instant.now());
        fixture.api()
                .post("/v1/analytics/posts/" + refreshed.postId() + "/refresh")
                .then()
                .statusCode(202)
                .body("destinations", equalTo(1));
        fixture.api()
                .post("/v1/analytics/posts/" + refreshed.postId() + "/refresh")
                .then()
                .statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("error.code", equalTo("refresh_too_soon"));
        collection.requestDue(Instant.now());
        MetricsRequest request = fixture.request(
                refreshed.destinationId(),
                fixture.api()
                        .get("/v1/analytics/posts/" + refreshed.postId())
                        .then()
                        .body("destinations[0].collection", hasSize(8))
                        .extract()
                        .path("destinations[0].collection.find { it.slot.startsWith('refresh-') }.slot"));
        org.junit.jupiter.api.Assertions.assertEquals(refreshed.destinationId(), request.destinationId());
        fixture.api().post("/v1/analytics/posts/post_unknown/refresh").then().statusCode(404);
    }

    private void answer(MetricsFixture.Destination destination, String slot, MetricsReport.Values values, Instant at) {
        MetricsFixture.answer(fixture.request(destination.destinationId(), slot), values, at);
    }

    /** {@code days} after Monday 2029-01-01, at {@code hour:minute} UTC. */
    private static Instant at(int days, int hour, int minute) {
        return MONDAY.plus(Duration.ofDays(days)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }
}
