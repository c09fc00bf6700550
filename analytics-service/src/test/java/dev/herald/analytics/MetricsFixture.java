package dev.herald.analytics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.restassured.specification.RequestSpecification;

import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.MetricsReport;
import dev.herald.events.MetricsRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

/** One test workspace: publishes destinations as the publisher would, reads the metric requests, answers them. */
final class MetricsFixture {

    static final Duration WAIT = Duration.ofSeconds(20);

    final String workspace = "ws_" + UUID.randomUUID();

    /** A destination published at {@code at}; returns it once analytics has opened its collection slots. */
    Destination publish(String accountId, String platform, Instant at) {
        String postId = "post_" + UUID.randomUUID();
        String destinationId = "dest_" + UUID.randomUUID();
        TestKafka.send(
                Topics.PUBLISH_RESULTS,
                postId,
                EventTypes.PUBLISH_RESULT,
                new PublishResult(
                        workspace,
                        postId,
                        destinationId,
                        accountId,
                        platform,
                        PublishResult.PUBLISHED,
                        "sbx_" + destinationId,
                        "https://sandbox.herald.dev/p/" + destinationId,
                        null,
                        null,
                        1,
                        at,
                        null,
                        at));
        await().atMost(WAIT)
                .untilAsserted(() -> api().get("/v1/analytics/posts/" + postId)
                        .then()
                        .statusCode(200)
                        .body("destinations[0].collection.size()", org.hamcrest.Matchers.equalTo(7)));
        return new Destination(postId, destinationId, accountId);
    }

    /** A published destination. */
    record Destination(String postId, String destinationId, String accountId) {}

    /** The metric requests of this workspace sent so far, waiting until there are {@code count} of this kind. */
    List<MetricsRequest> requests(String kind, int count) {
        List<MetricsRequest> found = TestKafka.await(
                        Topics.METRICS_REQUESTS,
                        record -> record.value().contains(workspace)
                                && EventJson.read(record.value(), MetricsRequest.class)
                                        .kind()
                                        .equals(kind),
                        count,
                        WAIT)
                .stream()
                .map(record -> EventJson.read(record.value(), MetricsRequest.class))
                .toList();
        assertEquals(count, found.size(), "metric requests of kind " + kind + " in " + workspace);
        return found;
    }

    /** The request of one slot of a destination (or an account's day), once analytics has sent it. */
    MetricsRequest request(String subjectId, String slot) {
        List<MetricsRequest> found = TestKafka.await(
                        Topics.METRICS_REQUESTS,
                        record -> record.value().contains(subjectId)
                                && slot.equals(EventJson.read(record.value(), MetricsRequest.class)
                                        .slot()),
                        1,
                        WAIT)
                .stream()
                .map(record -> EventJson.read(record.value(), MetricsRequest.class))
                .toList();
        assertEquals(1, found.size(), "the request of slot " + slot + " of " + subjectId);
        return found.get(0);
    }

    /** The publisher's answer to {@code request}, sent on the metrics topic. */
    static void answer(MetricsRequest request, MetricsReport.Values values, Instant collectedAt) {
        report(MetricsReport.answering(
                request, MetricsReport.COLLECTED, values, "{\"source\":\"test\"}", null, null, null, collectedAt));
    }

    static void report(MetricsReport report) {
        TestKafka.send(Topics.METRICS, report.accountId(), EventTypes.METRICS_REPORTED, report);
    }

    /** Post metrics: impressions, likes, comments, shares, saves (the others null). */
    static MetricsReport.Values post(long impressions, long likes, long comments, long shares, long saves) {
        return new MetricsReport.Values(impressions, null, likes, comments, shares, saves, null, null, null);
    }

    RequestSpecification api() {
        return given().header("Authorization", InternalTokens.bearer(workspace));
    }
}
