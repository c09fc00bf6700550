package dev.herald.publisher.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.MetricsReport;
import dev.herald.events.MetricsRequest;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.publisher.connector.sandbox.SandboxMetrics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.OutboxFault;
import dev.herald.testsupport.TestKafka;

/**
 * Metrics requests answered through the sandbox connector, against real Kafka and PostgreSQL: the sandbox formula's
 * figures, a 429 answered with the time to ask again, a redelivered request answered once, an answer whose
 * transaction failed once recorded without asking the platform again.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MetricsCollectorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldReportTheSandboxFiguresWhenAPublishedPostIsRequested() {
        String accountId = connect();
        PublishResult published = publish(accountId, "Metrics please");
        MetricsRequest request = postRequest(published, 1);
        String eventId = TestKafka.send(Topics.METRICS_REQUESTS, accountId, EventTypes.METRICS_REQUESTED, request);

        MetricsReport report = reports(request.requestId(), 1).get(0);
        assertEquals(MetricsReport.COLLECTED, report.status());
        assertEquals(request.slotId(), report.slotId());
        // Collected within the hour of publishing: the base itself.
        long base = 100 + Math.floorMod(published.platformPostId().hashCode(), 100);
        assertEquals(base, report.metrics().impressions());
        assertEquals(base / 20, report.metrics().likes());
        assertEquals(
                SandboxMetrics.post(published.platformPostId(), published.publishedAt(), report.collectedAt()),
                report.metrics());
        assertTrue(report.raw().contains("\"views\":" + base), report.raw());

        // The same request delivered again (same event id): not fetched, not answered again.
        TestKafka.sendWithId(Topics.METRICS_REQUESTS, accountId, EventTypes.METRICS_REQUESTED, eventId, request);
        MetricsRequest marker = postRequest(published, 2);
        TestKafka.send(Topics.METRICS_REQUESTS, accountId, EventTypes.METRICS_REQUESTED, marker);
        reports(marker.requestId(), 1); // the later request answered: the redelivery before it was handled
        assertEquals(
                1,
                TestKafka.await(Topics.METRICS, r -> r.value().contains(request.requestId()), 2, Duration.ofSeconds(1))
                        .size());
    }

    @Test
    void shouldRecordTheAnswerWithoutFetchingAgainWhenItsTransactionFailsOnce() throws SQLException {
        String accountId = connect();
        PublishResult published = publish(accountId, "Answer once");
        MetricsRequest request = postRequest(published, 1);
        try (var control = dataSource.getConnection();
                OutboxFault fault = OutboxFault.failFirstInsert(control, Topics.METRICS, accountId);
                Statement sql = control.createStatement()) {
            // The answer's insert (outbox) waits for the release, then PostgreSQL fails it: the post changes in
            // between.
            TestKafka.send(Topics.METRICS_REQUESTS, accountId, EventTypes.METRICS_REQUESTED, request);

            Awaitility.await().atMost(WAIT).until(() -> fault.tries() > 0);
            // Asked again now, the sandbox would answer this first attempt 429.
            sql.execute("UPDATE sandbox_post SET text = text || ' " + SandboxMetrics.RATE_LIMIT_MARKER
                    + "' WHERE id = '" + published.platformPostId() + "'");
            fault.release();

            MetricsReport report = reports(request.requestId(), 1).get(0);
            assertEquals(MetricsReport.COLLECTED, report.status());
            assertEquals(2, fault.tries(), "the answer's insert: the failed try and the one retry");
        }
    }

    @Test
    void shouldAnswerRateLimitedWithTheTimeToAskAgainWhenThePlatformSays429() {
        String accountId = connect();
        PublishResult published = publish(accountId, "Busy " + SandboxMetrics.RATE_LIMIT_MARKER);
        MetricsRequest first = postRequest(published, 1);
        TestKafka.send(Topics.METRICS_REQUESTS, accountId, EventTypes.METRICS_REQUESTED, first);
        MetricsReport limited = reports(first.requestId(), 1).get(0);
        assertEquals(MetricsReport.RATE_LIMITED, limited.status());
        assertEquals("rate_limited", limited.errorCode());
        assertEquals(limited.collectedAt().plusSeconds(2), limited.retryAt());

        MetricsRequest second = postRequest(published, 2);
        TestKafka.send(Topics.METRICS_REQUESTS, accountId, EventTypes.METRICS_REQUESTED, second);
        assertEquals(
                MetricsReport.COLLECTED, reports(second.requestId(), 1).get(0).status());
    }

    @Test
    void shouldReportFollowersWhenTheAccountIsRequested() {
        String accountId = connect();
        var request = new MetricsRequest(
                workspace,
                "mslot_acct:1",
                "mslot_acct_" + UUID.randomUUID(),
                MetricsRequest.ACCOUNT,
                accountId,
                "sandbox",
                null,
                null,
                null,
                null,
                "2026-11-26",
                1,
                Instant.now(),
                Instant.now());
        TestKafka.send(Topics.METRICS_REQUESTS, accountId, EventTypes.METRICS_REQUESTED, request);
        MetricsReport report = reports(request.slotId(), 1).get(0);
        assertEquals(MetricsReport.COLLECTED, report.status());
        assertEquals(
                1000 + Math.floorMod(accountId.hashCode(), 1000),
                report.metrics().followers());
    }

    @Test
    void shouldReportFailureWhenTheAccountIsNotInTheWorkspace() {
        var request = new MetricsRequest(
                workspace,
                "mslot_missing:1",
                "mslot_missing_" + UUID.randomUUID(),
                MetricsRequest.POST,
                "acct_missing",
                "sandbox",
                "post_1",
                "dest_1",
                "sbx_1",
                Instant.now(),
                "15m",
                1,
                Instant.now(),
                Instant.now());
        TestKafka.send(Topics.METRICS_REQUESTS, "acct_missing", EventTypes.METRICS_REQUESTED, request);
        MetricsReport report = reports(request.slotId(), 1).get(0);
        assertEquals(MetricsReport.FAILED, report.status());
        assertEquals("account_not_found", report.errorCode());
    }

    private String connect() {
        return given().header("Authorization", InternalTokens.bearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of("handle", "metrics"))
                .post("/v1/accounts/connect/sandbox")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private PublishResult publish(String accountId, String caption) {
        var request = new PublishRequest(
                workspace,
                "post_" + UUID.randomUUID(),
                "dest_" + UUID.randomUUID(),
                accountId,
                "sandbox",
                "test",
                caption,
                1,
                Instant.now(),
                Map.of(),
                PublishRequest.Content.NONE);
        TestKafka.send(Topics.PUBLISH_REQUESTS, accountId, EventTypes.PUBLISH_REQUESTED, request);
        var results =
                TestKafka.await(Topics.PUBLISH_RESULTS, r -> r.value().contains(request.destinationId()), 1, WAIT);
        assertEquals(1, results.size());
        PublishResult result = EventJson.read(results.get(0).value(), PublishResult.class);
        assertEquals(PublishResult.PUBLISHED, result.status());
        return result;
    }

    private MetricsRequest postRequest(PublishResult published, int attempt) {
        String slotId = "mslot_" + published.destinationId();
        return new MetricsRequest(
                workspace,
                slotId + ":" + attempt,
                slotId,
                MetricsRequest.POST,
                published.accountId(),
                published.platform(),
                published.postId(),
                published.destinationId(),
                published.platformPostId(),
                published.publishedAt(),
                "15m",
                attempt,
                Instant.now(),
                Instant.now());
    }

    /** The reports naming {@code id} (a request or slot id), waiting until there are {@code count}. */
    private static List<MetricsReport> reports(String id, int count) {
        var records = TestKafka.await(Topics.METRICS, r -> r.value().contains(id), count, WAIT);
        assertEquals(count, records.size(), "reports of " + id);
        return records.stream()
                .map(r -> EventJson.read(r.value(), MetricsReport.class))
                .toList();
    }
}
