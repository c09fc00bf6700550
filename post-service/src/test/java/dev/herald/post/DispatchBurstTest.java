package dev.herald.post;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.EventJson;
import dev.herald.events.PublishRequest;
import dev.herald.events.Topics;
import dev.herald.post.service.Dispatcher;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.TestKafka;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class DispatchBurstTest {

    private static final int POSTS = 5_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Dispatcher dispatcher;

    @Test
    void shouldSendEachDestinationExactlyOnceWhenFiveThousandAreDueInOneSecondAndDispatchersCompete() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement posts = connection.prepareStatement("INSERT INTO post"
                        + " (id, workspace_id, mode, caption, scheduled_at, status, created_at, updated_at)"
                        + " SELECT 'post_' || ? || '_' || g, 'ws_burst', 'test', 'burst', now() + interval '2 s',"
                        + " 'scheduled', now(), now() FROM generate_series(1, ?) g");
                PreparedStatement destinations = connection.prepareStatement("INSERT INTO destination"
                        + " (id, post_id, workspace_id, account_id, platform, status, due_at, updated_at)"
                        + " SELECT 'dest_' || ? || '_' || g, 'post_' || ? || '_' || g, 'ws_burst', 'acct_burst',"
                        + " 'sandbox', 'scheduled', now() + interval '2 s', now() FROM generate_series(1, ?) g")) {
            posts.setString(1, run);
            posts.setInt(2, POSTS);
            posts.executeUpdate();
            destinations.setString(1, run);
            destinations.setString(2, run);
            destinations.setInt(3, POSTS);
            destinations.executeUpdate();
        }

        // Two more dispatchers race the service's own loop over the same rows.
        ExecutorService competitors = Executors.newFixedThreadPool(2);
        long until = System.currentTimeMillis() + 8_000;
        Future<?>[] loops = new Future<?>[2];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = competitors.submit(() -> {
                while (System.currentTimeMillis() < until) {
                    if (dispatcher.dispatchBatch() == 0) {
                        Thread.sleep(20);
                    }
                }
                return null;
            });
        }
        for (Future<?> loop : loops) {
            loop.get(30, TimeUnit.SECONDS);
        }
        competitors.shutdown();

        String marker = "dest_" + run + "_";
        var sent = TestKafka.await(
                Topics.PUBLISH_REQUESTS, r -> r.value().contains(marker), POSTS, Duration.ofSeconds(60));
        // Reads the topic for 10 s more: anything sent twice would show up.
        var all = TestKafka.await(
                Topics.PUBLISH_REQUESTS, r -> r.value().contains(marker), POSTS + 1, Duration.ofSeconds(10));
        Map<String, Integer> perDestination = new HashMap<>();
        for (var record : all) {
            perDestination.merge(
                    EventJson.read(record.value(), PublishRequest.class).destinationId(), 1, Integer::sum);
        }
        assertEquals(POSTS, sent.size());
        assertEquals(POSTS, perDestination.size(), "every destination sent");
        assertEquals(POSTS, all.size(), "none sent twice");
    }
}
