package dev.herald.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * A post's result and its timing come from two topics, handled by two consumers at the same moment. Whichever order
 * their transactions commit in, the publish record must end up with the post's due time, or it drops out of the
 * delay figures for good (the CI once saw three of four delays).
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class PostTimingRaceTest {

    private static final int ROUNDS = 40;

    @Inject
    AnalyticsService analytics;

    @Inject
    EntityManager entityManager;

    @Test
    void shouldKeepTheDueTimeWhenTheResultAndTheTimingAreWrittenAtOnce() throws Exception {
        String workspace = "ws_" + UUID.randomUUID();
        Instant scheduled = Instant.parse("2029-03-01T09:00:00Z");
        List<String> destinations = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < ROUNDS; i++) {
                String postId = "post_" + UUID.randomUUID();
                String destinationId = "dest_" + UUID.randomUUID();
                destinations.add(destinationId);
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<Void> result = CompletableFuture.runAsync(
                        () -> {
                            await(start);
                            analytics.record(
                                    "evt_" + UUID.randomUUID(),
                                    published(workspace, postId, destinationId, scheduled.plusSeconds(12)));
                        },
                        pool);
                CompletableFuture<Void> timing = CompletableFuture.runAsync(
                        () -> {
                            await(start);
                            analytics.recordTiming("evt_" + UUID.randomUUID(), scheduled(workspace, postId, scheduled));
                        },
                        pool);
                CompletableFuture.allOf(result, timing).get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<?> missing = QuarkusTransaction.requiringNew()
                .call(() -> entityManager
                        .createNativeQuery("SELECT destination_id FROM publish_record"
                                + " WHERE destination_id IN (:ids) AND due_at IS NULL")
                        .setParameter("ids", destinations)
                        .getResultList());
        assertEquals(List.of(), missing, "publish records left without the post's due time");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PostEvent scheduled(String workspace, String postId, Instant at) {
        return new PostEvent(
                "evt_" + UUID.randomUUID(),
                EventTypes.POST_SCHEDULED,
                at,
                workspace,
                new PostEvent.PostSnapshot(
                        postId, "scheduled", "hello", at, "UTC", null, at.minusSeconds(3600), List.of()));
    }

    private static PublishResult published(String workspace, String postId, String destinationId, Instant at) {
        return new PublishResult(
                workspace,
                postId,
                destinationId,
                "acct_" + UUID.randomUUID(),
                "sandbox",
                PublishResult.PUBLISHED,
                null,
                null,
                null,
                null,
                1,
                at,
                null,
                at);
    }
}
