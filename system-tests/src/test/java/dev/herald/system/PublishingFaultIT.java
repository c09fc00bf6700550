package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * "No post lost, no post published twice", proven against crashes: the publisher process is killed (SIGKILL) in the
 * middle of a run, and the sandbox platform — which, like most platforms, has no idempotency key — counts how many
 * times each destination reached it.
 */
class PublishingFaultIT {

    private static final String ADMIN_TOKEN = "faults-" + UUID.randomUUID();
    private static final int ACCOUNTS = 10;
    private static final int POSTS = 100;
    private static HeraldStack stack;

    @BeforeAll
    static void start() {
        Path data = HeraldPaths.root().resolve("system-tests/target/faults-" + System.currentTimeMillis());
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN))
                .environment("publisher-service", "HERALD_PUBLISHER_RETRY_INITIAL_BACKOFF", "1s")
                // A platform round trip, so the crashes land while most destinations are still to publish.
                .environment("publisher-service", "HERALD_PUBLISHER_SANDBOX_LATENCY", "100ms");
        stack.startAll();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldPublishEveryDestinationExactlyOnceWhenThePublisherIsKilledTwiceMidRun() {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Crash test");
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(tenant.connectSandboxAccount());
        }
        // All due together a little later, so the crashes land in the middle of publishing, not of creating.
        String due = Instant.now().plusSeconds(15).toString();
        List<Map<String, Object>> posts = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            posts.add(Map.of("caption", "Crash-proof post " + i, "account_ids", accounts, "scheduled_at", due));
        }
        tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("posts", posts))
                .post("/v1/posts/bulk")
                .then()
                .statusCode(200);
        int destinations = ACCOUNTS * POSTS;

        for (int threshold : List.of(destinations / 10, destinations / 2)) {
            int[] beforeCrash = new int[1];
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> (beforeCrash[0] = publicationCount(tenant)) >= threshold);
            stack.killService("publisher-service");
            stack.startServices(List.of("publisher-service"));
            assertTrue(
                    beforeCrash[0] < destinations,
                    "killed mid-run, " + beforeCrash[0] + " of " + destinations + " done just before");
        }

        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> postsWithStatus(tenant, "published") == POSTS);
        Map<String, Integer> perDestination = new HashMap<>();
        publications(tenant).forEach(p -> perDestination.merge((String) p.get("destination_id"), 1, Integer::sum));
        assertEquals(destinations, perDestination.size(), "every destination reached the platform");
        List<String> doubled = perDestination.entrySet().stream()
                .filter(e -> e.getValue() != 1)
                .map(Map.Entry::getKey)
                .toList();
        assertTrue(doubled.isEmpty(), "published more than once: " + doubled);
    }

    @Test
    void shouldPublishOnTheSecondAttemptAfterRetryAfterWhenThePlatformAnswers429() {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Rate limited");
        String account = tenant.connectSandboxAccount();
        Instant created = Instant.now();
        String postId = tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("caption", "Busy platform [sandbox:429]", "account_ids", List.of(account)))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> tenant.api()
                        .get("/v1/posts/" + postId)
                        .then()
                        .body("status", equalTo("published"))
                        .body("destinations[0].attempts", equalTo(2)));
        List<Map<String, Object>> received = tenant.api()
                .get("/v1/sandbox/publications?post_id=" + postId)
                .then()
                .statusCode(200)
                .extract()
                .path("data");
        assertEquals(1, received.size(), "one post on the platform");
        assertEquals(2, received.get(0).get("attempt"));
        Instant publishedAt = Instant.parse((String) received.get(0).get("created_at"));
        assertTrue(
                !publishedAt.isBefore(created.plusSeconds(2)),
                "Retry-After 2 s was honoured: published " + publishedAt + ", created " + created);
    }

    private static int postsWithStatus(Tenant tenant, String status) {
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

    private static int publicationCount(Tenant tenant) {
        return publications(tenant).size();
    }

    private static List<Map<String, Object>> publications(Tenant tenant) {
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
