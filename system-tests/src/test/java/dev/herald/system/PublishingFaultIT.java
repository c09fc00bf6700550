package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

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
        stack = BulkPublishing.faultTestStack("faults", ADMIN_TOKEN);
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
        BulkPublishing run = BulkPublishing.schedule(tenant, ACCOUNTS, POSTS, Duration.ofSeconds(15));
        int destinations = run.destinations();

        for (int threshold : List.of(destinations / 10, destinations / 2)) {
            int beforeCrash = run.awaitPublications(threshold);
            stack.killService("publisher-service");
            stack.startServices(List.of("publisher-service"));
            assertTrue(
                    beforeCrash < destinations,
                    "killed mid-run, " + beforeCrash + " of " + destinations + " done just before");
        }

        run.assertEveryDestinationPublishedExactlyOnce();
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
}
