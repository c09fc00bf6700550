package dev.herald.publisher.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.MetricsReport;
import dev.herald.events.MetricsRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.kit.id.Ids;
import dev.herald.testsupport.TestKafka;

/**
 * What the connectors' metrics tests share: a metrics request as analytics sends it, through Kafka, and the report the
 * publisher answers it with.
 */
public final class MetricsTests {

    private MetricsTests() {}

    /** Asks for the metrics of the platform post a publish result names, and waits for the answer. */
    public static MetricsReport post(PublishResult published) {
        return ask(request(
                published.workspaceId(),
                MetricsRequest.POST,
                published.accountId(),
                published.platform(),
                published.platformPostId(),
                published.publishedAt()));
    }

    /** Asks for the metrics of {@code platformPostId} (which need not exist), and waits for the answer. */
    public static MetricsReport post(String workspace, String accountId, String platform, String platformPostId) {
        return ask(request(
                workspace,
                MetricsRequest.POST,
                accountId,
                platform,
                platformPostId,
                Instant.now().minusSeconds(60)));
    }

    /** Asks for the account's metrics of the day, and waits for the answer. */
    public static MetricsReport account(String workspace, String accountId, String platform) {
        return ask(request(workspace, MetricsRequest.ACCOUNT, accountId, platform, null, null));
    }

    private static MetricsRequest request(
            String workspace,
            String kind,
            String accountId,
            String platform,
            String platformPostId,
            Instant publishedAt) {
        String slot = Ids.newId("mslot");
        boolean post = MetricsRequest.POST.equals(kind);
        return new MetricsRequest(
                workspace,
                slot + ":1",
                slot,
                kind,
                accountId,
                platform,
                post ? Ids.newId("post") : null,
                post ? Ids.newId("dest") : null,
                platformPostId,
                publishedAt,
                post ? "15m" : "2026-11-26",
                1,
                Instant.now(),
                Instant.now());
    }

    private static MetricsReport ask(MetricsRequest request) {
        TestKafka.send(Topics.METRICS_REQUESTS, request.accountId(), EventTypes.METRICS_REQUESTED, request);
        List<MetricsReport> reports =
                TestKafka.await(Topics.METRICS, r -> r.value().contains(request.requestId()), 1, Duration.ofSeconds(20))
                        .stream()
                        .map(r -> EventJson.read(r.value(), MetricsReport.class))
                        .toList();
        assertEquals(1, reports.size(), "a report for " + request.requestId());
        return reports.get(0);
    }
}
