package dev.herald.publisher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.EventJson;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.publisher.connector.PlatformGuards;
import dev.herald.publisher.publish.LedgerEntry;
import dev.herald.publisher.publish.repository.LedgerRepository;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.TestKafka;

/**
 * Per-platform circuit breakers, against the sandbox (test settings: open after 8 calls at ≥ 50 % failures, probe
 * after 5 s). Each test uses its own workspace, and sandbox breakers are per workspace, so tests do not interfere.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PlatformGuardsTest {

    private static final int WINDOW = 8;

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    LedgerRepository ledger;

    @Inject
    MeterRegistry metrics;

    @Test
    void shouldPutOffOnlyTheFailingPlatformWithoutCallingItWhenItsBreakerIsOpenAndProbeAfterwards() {
        List<String> xAccounts = List.of(
                PublisherApi.sandboxAccount(workspace, "x", "one"), PublisherApi.sandboxAccount(workspace, "x", "two"));
        String instagram = PublisherApi.sandboxAccount(workspace, "instagram", "pics");

        // X is down: a full window of 5xx answers opens its breaker.
        List<PublishRequest> failing = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            failing.add(request(xAccounts.get(i % 2), "x", "Down " + i + " [sandbox:5xx-always]"));
        }
        failing.forEach(PublisherApi::send);
        List<PublishResult> failed = results(failing);
        assertEquals(2.0, breakerState("x"), "open");

        // Open: X requests are rescheduled without a call, good caption or not; Instagram still publishes.
        PublishRequest fine = request(xAccounts.get(0), "x", "Would be fine");
        PublishRequest down = request(xAccounts.get(1), "x", "Still down [sandbox:5xx-always]");
        PublishRequest other = request(instagram, "instagram", "Another platform");
        List.of(fine, down, other).forEach(PublisherApi::send);
        List<PublishResult> whileOpen = results(List.of(fine, down, other));

        for (PublishResult result : failed) {
            assertEquals(PublishResult.RETRYING, result.status());
            assertEquals("platform_unavailable", result.errorCode(), "these reached the platform");
        }
        assertEquals(WINDOW, platformCalls(failing), "one call each");
        for (PublishResult result : whileOpen.subList(0, 2)) {
            assertEquals(PublishResult.RETRYING, result.status());
            assertEquals(PlatformGuards.CIRCUIT_OPEN, result.errorCode());
            assertTrue(
                    result.nextRetryAt().isAfter(result.occurredAt().plusSeconds(1)),
                    "rescheduled for when the breaker may half-open: " + result.nextRetryAt());
            LedgerEntry entry = entry(result.destinationId());
            assertEquals(0, entry.platformCalls(), "the platform was not called");
            assertEquals(0, entry.attemptsMade(), "the deferral used no attempt");
        }
        assertEquals(0, PublisherApi.publications(workspace, fine.postId()).size());
        assertEquals(
                PublishResult.PUBLISHED,
                whileOpen.get(2).status(),
                "one impersonated platform failing does not stop another");

        // After the open period the post-service sends the next attempt: the half-open probe goes through.
        Instant due = whileOpen.get(0).nextRetryAt();
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(due));
        PublishRequest retry = PublisherApi.withAttempt(fine, 2);
        PublisherApi.send(retry);
        PublishResult probe = PublisherApi.results(fine.destinationId(), 2).get(1);
        assertEquals(PublishResult.PUBLISHED, probe.status());
        assertEquals(2, probe.attempt());
        assertEquals(1, PublisherApi.publications(workspace, fine.postId()).size(), "published once");
        LedgerEntry entry = entry(fine.destinationId());
        assertEquals(1, entry.platformCalls());
        assertEquals(1, entry.attemptsMade(), "attempt 2 was the first to reach the platform");
        assertEquals(0.0, breakerState("x"), "closed again after a successful probe");
    }

    @Test
    void shouldKeepTheBreakerClosedWhenThePlatformRejectsPostsForGood() {
        String account = PublisherApi.sandboxAccount(workspace, "threads", "brand");
        List<PublishRequest> rejected = new ArrayList<>();
        for (int i = 0; i < WINDOW + 2; i++) {
            rejected.add(request(account, "threads", "Nope " + i + " [sandbox:reject]"));
        }
        rejected.forEach(PublisherApi::send);
        for (PublishResult result : results(rejected)) {
            assertEquals("content_rejected", result.errorCode());
        }

        PublishRequest good = request(account, "threads", "A fine post");
        PublisherApi.send(good);

        assertEquals(
                PublishResult.PUBLISHED,
                PublisherApi.results(good.destinationId(), 1).get(0).status(),
                "permanent 4xx answers say nothing about the platform's health");
    }

    private PublishRequest request(String account, String platform, String caption) {
        return PublisherApi.request(workspace, account, platform, caption, 1);
    }

    /** The first result of each request, in the requests' order, read in one pass over the topic. */
    private static List<PublishResult> results(List<PublishRequest> requests) {
        List<String> ids = requests.stream().map(PublishRequest::destinationId).toList();
        Map<String, PublishResult> byDestination = TestKafka.await(
                        Topics.PUBLISH_RESULTS,
                        r -> ids.stream().anyMatch(id -> r.value().contains(id)),
                        ids.size(),
                        Duration.ofSeconds(30))
                .stream()
                .map(r -> EventJson.read(r.value(), PublishResult.class))
                .collect(Collectors.toMap(PublishResult::destinationId, r -> r, (first, later) -> first));
        assertEquals(ids.size(), byDestination.size(), "a result for each request");
        return ids.stream().map(byDestination::get).toList();
    }

    @Test
    void shouldPutOffTheSecondPostWithoutUsingAnAttemptWhenItComesSoonerThanTheAccountsPacing() {
        // %test.herald.publisher.pacing.linkedin=2s: one call per LinkedIn account every 2 s.
        String account = PublisherApi.sandboxAccount(workspace, "linkedin", "paced");
        PublishRequest first = request(account, "linkedin", "First of two");
        PublishRequest second = request(account, "linkedin", "Second of two");

        PublisherApi.send(first);
        PublisherApi.send(second);

        PublishResult published = PublisherApi.results(first.destinationId(), 1).get(0);
        PublishResult paced = PublisherApi.results(second.destinationId(), 1).get(0);
        assertEquals(PublishResult.PUBLISHED, published.status());
        assertEquals(PublishResult.RETRYING, paced.status());
        assertEquals("account_paced", paced.errorCode());
        assertEquals(0, entry(second.destinationId()).platformCalls(), "put off before any call");
        assertEquals(0, entry(second.destinationId()).attemptsMade(), "a paced dispatch uses no attempt");
        // The retry is due 2 s after the first call began, which was just before the first was published.
        Duration gap = Duration.between(published.publishedAt(), paced.nextRetryAt());
        assertTrue(gap.compareTo(Duration.ofMillis(1_500)) >= 0, "the retry keeps the pace: " + gap);

        // The post-service sends it again when asked to; by then the pace allows it.
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(paced.nextRetryAt()));
        PublisherApi.send(PublisherApi.withAttempt(second, 2));
        PublishResult later = PublisherApi.results(second.destinationId(), 2).get(1);
        assertEquals(PublishResult.PUBLISHED, later.status());
        assertEquals(1, entry(second.destinationId()).attemptsMade());
        assertEquals(1, PublisherApi.publications(workspace, second.postId()).size());
    }

    private LedgerEntry entry(String destinationId) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.findById(destinationId));
    }

    private int platformCalls(List<PublishRequest> requests) {
        return requests.stream()
                .mapToInt(r -> entry(r.destinationId()).platformCalls())
                .sum();
    }

    /** The gauge of the sandbox breakers impersonating {@code platform}: 0 closed, 1 half-open, 2 open. */
    private double breakerState(String platform) {
        return metrics.get("herald.publisher.circuit.state")
                .tags("platform", platform, "target", "sandbox")
                .gauge()
                .value();
    }
}
