package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * A bulk run for the fault tests: many posts due at once on many sandbox accounts, and the proof from the platform's
 * side — the sandbox, like most platforms, has no idempotency key and records every call it receives.
 */
final class BulkPublishing {

    private final Tenant tenant;
    private final int posts;
    private final int destinations;

    private BulkPublishing(Tenant tenant, int posts, int destinations) {
        this.tenant = tenant;
        this.posts = posts;
        this.destinations = destinations;
    }

    /**
     * A stack for fault tests, not started yet: the publisher retries within a second, and each sandbox call takes a
     * platform round trip (100 ms), so a fault lands while most destinations are still to publish.
     */
    static HeraldStack faultTestStack(String name, String adminToken) {
        Path data = HeraldPaths.root().resolve("system-tests/target/" + name + "-" + System.currentTimeMillis());
        return HeraldStack.create(HeraldStack.Options.forTests(data, adminToken))
                .environment("publisher-service", "HERALD_PUBLISHER_RETRY_INITIAL_BACKOFF", "1s")
                .environment("publisher-service", "HERALD_PUBLISHER_SANDBOX_LATENCY", "100ms");
    }

    /**
     * Connects {@code accounts} sandbox accounts and schedules {@code posts} posts to all of them, due together
     * {@code ahead} from now — so a fault injected after the first publications lands in the middle of publishing,
     * not of creating.
     */
    static BulkPublishing schedule(Tenant tenant, int accounts, int posts, Duration ahead) {
        List<String> accountIds = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            accountIds.add(tenant.connectSandboxAccount());
        }
        String due = Instant.now().plus(ahead).toString();
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < posts; i++) {
            bodies.add(Map.of("caption", "Fault-proof post " + i, "account_ids", accountIds, "scheduled_at", due));
        }
        tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("posts", bodies))
                .post("/v1/posts/bulk")
                .then()
                .statusCode(200);
        return new BulkPublishing(tenant, posts, accounts * posts);
    }

    int destinations() {
        return destinations;
    }

    /** Waits until at least {@code threshold} destinations reached the platform; returns how many had. */
    int awaitPublications(int threshold) {
        int[] seen = new int[1];
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> (seen[0] = publicationCount()) >= threshold);
        return seen[0];
    }

    int publicationCount() {
        return publications(tenant).size();
    }

    /** Waits until every post is {@code published}, then checks the platform received each destination once. */
    void assertEveryDestinationPublishedExactlyOnce() {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                // A read may fail while a service is still reconnecting; the checks below must then pass.
                .ignoreExceptions()
                .until(() -> postsWithStatus(tenant, "published") == posts);
        Map<String, Integer> perDestination = new HashMap<>();
        publications(tenant).forEach(p -> perDestination.merge((String) p.get("destination_id"), 1, Integer::sum));
        assertEquals(destinations, perDestination.size(), "every destination reached the platform");
        List<String> doubled = perDestination.entrySet().stream()
                .filter(e -> e.getValue() != 1)
                .map(Map.Entry::getKey)
                .toList();
        assertTrue(doubled.isEmpty(), "published more than once: " + doubled);
    }

    static int postsWithStatus(Tenant tenant, String status) {
        int count = 0;
        String cursor = null;
        do {
            var page = tenant.api()
                    .queryParam("status", status)
                    .queryParam("limit", 100)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/v1/posts")
                    .then()
                    .statusCode(200)
                    .extract();
            count += page.<List<Object>>path("data").size();
            cursor = page.path("has_more").equals(Boolean.TRUE) ? page.path("next_cursor") : null;
        } while (cursor != null);
        return count;
    }

    /** Every call the sandbox platform received for the tenant's accounts. */
    static List<Map<String, Object>> publications(Tenant tenant) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = tenant.api()
                    .queryParam("limit", 100)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/v1/sandbox/publications")
                    .then()
                    .statusCode(200)
                    .extract();
            all.addAll(page.path("data"));
            cursor = page.path("has_more").equals(Boolean.TRUE) ? page.path("next_cursor") : null;
        } while (cursor != null);
        return all;
    }
}
