package dev.herald.publisher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.MetricsReport;
import dev.herald.events.MetricsRequest;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.publisher.connector.PlatformConnector;
import dev.herald.publisher.connector.PlatformGuards;
import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.metrics.MetricsOutcome;
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

    @Inject
    PlatformGuards guards;

    @Inject
    AccountRepository accounts;

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

    @Test
    void shouldOpenTheBreakerOnMetricFetches5xxAndThenDeferFetchesAndPublishingWithoutCallingThePlatform() {
        String accountId = PublisherApi.sandboxAccount(workspace, "pinterest", "metrics");
        Account account = account(accountId);
        ScriptedPlatform down =
                new ScriptedPlatform(() -> MetricsOutcome.failed(MetricsOutcome.PLATFORM_ERROR, "Pinterest said 503"));

        // A full window of 5xx answers to metric fetches opens the breaker that publishing uses too.
        for (int i = 0; i < WINDOW; i++) {
            MetricsOutcome outcome = guards.metrics(down, account, accountRequest(accountId, i));
            assertEquals(MetricsOutcome.Kind.FAILED, outcome.kind());
        }
        assertEquals(WINDOW, down.calls.get());

        // Open: a fetch is answered like a rate limit, with the wait until the breaker may half-open, and no call.
        MetricsOutcome deferred = guards.metrics(down, account, accountRequest(accountId, WINDOW));
        assertEquals(MetricsOutcome.Kind.RATE_LIMITED, deferred.kind());
        assertEquals(PlatformGuards.CIRCUIT_OPEN, deferred.errorCode());
        assertTrue(deferred.retryAfter().compareTo(Duration.ofSeconds(1)) >= 0, "waits: " + deferred.retryAfter());
        assertEquals(WINDOW, down.calls.get(), "the platform was not called");

        // Through Kafka, a request the sandbox would answer at once is put off the same way: analytics asks later.
        MetricsRequest request = accountRequest(accountId, WINDOW + 1);
        TestKafka.send(Topics.METRICS_REQUESTS, accountId, EventTypes.METRICS_REQUESTED, request);
        MetricsReport report = EventJson.read(
                TestKafka.await(Topics.METRICS, r -> r.value().contains(request.requestId()), 1, Duration.ofSeconds(20))
                        .get(0)
                        .value(),
                MetricsReport.class);
        assertEquals(MetricsReport.RATE_LIMITED, report.status());
        assertEquals(PlatformGuards.CIRCUIT_OPEN, report.errorCode());
        assertTrue(report.retryAt().isAfter(report.collectedAt()), "pushed later, not away");

        // Same key as publishing: a post to this platform waits too.
        PublishRequest post = request(accountId, "pinterest", "Not now");
        PublisherApi.send(post);
        PublishResult result = PublisherApi.results(post.destinationId(), 1).get(0);
        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals(PlatformGuards.CIRCUIT_OPEN, result.errorCode());
        assertEquals(0, entry(post.destinationId()).platformCalls());
    }

    @Test
    void shouldDeferAMetricFetchWhenThePlatformsBulkheadIsFull() throws Exception {
        String accountId = PublisherApi.sandboxAccount(workspace, "threads", "busy");
        Account account = account(accountId);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        ScriptedPlatform slow = new ScriptedPlatform(() -> {
            inFlight.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return MetricsOutcome.unsupported("slow");
        });
        int limit = 8; // herald.publisher.guards.bulkhead's default
        ExecutorService pool = Executors.newFixedThreadPool(limit);
        try {
            List<Future<MetricsOutcome>> held = new ArrayList<>();
            for (int i = 0; i < limit; i++) {
                MetricsRequest request = accountRequest(accountId, i);
                held.add(pool.submit(() -> guards.metrics(slow, account, request)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == limit);

            MetricsOutcome turnedAway = guards.metrics(slow, account, accountRequest(accountId, limit));

            assertEquals(MetricsOutcome.Kind.RATE_LIMITED, turnedAway.kind());
            assertEquals(PlatformGuards.BULKHEAD_FULL, turnedAway.errorCode());
            assertEquals(Duration.ofSeconds(5), turnedAway.retryAfter());
            assertEquals(limit, slow.calls.get(), "the ninth was not sent");
            release.countDown();
            for (Future<MetricsOutcome> call : held) {
                assertEquals(
                        MetricsOutcome.Kind.UNSUPPORTED,
                        call.get(10, TimeUnit.SECONDS).kind());
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private Account account(String accountId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> accounts.findInWorkspace(workspace, accountId).orElseThrow());
    }

    private MetricsRequest accountRequest(String accountId, int n) {
        String slot = "mslot_guard_" + UUID.randomUUID();
        return new MetricsRequest(
                workspace,
                slot + ":" + n,
                slot,
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
    }

    /** A platform that answers metric fetches as scripted and counts the calls that reached it. */
    private static final class ScriptedPlatform implements PlatformConnector {
        private final Supplier<MetricsOutcome> answer;
        private final AtomicInteger calls = new AtomicInteger();

        ScriptedPlatform(Supplier<MetricsOutcome> answer) {
            this.answer = answer;
        }

        @Override
        public String platform() {
            return "scripted";
        }

        @Override
        public PublishOutcome publish(Account account, PublishRequest request) {
            throw new UnsupportedOperationException("metrics only");
        }

        @Override
        public Optional<PublishOutcome> lookup(Account account, PublishRequest request) {
            return Optional.empty();
        }

        @Override
        public MetricsOutcome metrics(Account account, MetricsRequest request) {
            calls.incrementAndGet();
            return answer.get();
        }
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
