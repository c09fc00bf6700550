package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
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
 * Metrics end to end, through the gateway, on the packaged services: a published sandbox post gets its collection
 * slots; a refresh is requested by analytics-service, fetched by the publisher through the sandbox connector and
 * stored as one sample whose figures follow the sandbox formula; a platform 429 delays the slot, which is filled on
 * the next request.
 */
class AnalyticsIT {

    private static final String ADMIN_TOKEN = "analytics-it-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static HeraldStack stack;

    @BeforeAll
    static void start() {
        Path data = HeraldPaths.root().resolve("system-tests/target/stack-" + System.currentTimeMillis());
        stack = HeraldStack.start(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldCollectThePublishedPostsMetricsThroughThePublisherWhenARefreshIsAsked() {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Analytics");
        String postId = publish(tenant, "Metrics end to end");
        String platformPostId = tenant.api()
                .get("/v1/analytics/posts/" + postId)
                .then()
                .statusCode(200)
                .body("destinations[0].collection.slot", contains("15m", "1h", "6h", "24h", "3d", "7d", "30d"))
                .extract()
                .path("destinations[0].platform_post_id");

        tenant.api().post("/v1/analytics/posts/" + postId + "/refresh").then().statusCode(202);
        tenant.api()
                .post("/v1/analytics/posts/" + postId + "/refresh")
                .then()
                .statusCode(429)
                .body("error.code", equalTo("refresh_too_soon"));

        // Collected within the hour of publishing: the sandbox's base, 100 + floorMod(hashCode, 100).
        int base = 100 + Math.floorMod(platformPostId.hashCode(), 100);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> tenant.api()
                        .get("/v1/analytics/posts/" + postId)
                        .then()
                        .body("destinations[0].series", hasSize(1))
                        .body("destinations[0].latest.impressions", equalTo(base))
                        .body("destinations[0].latest.likes", equalTo(base / 20)));

        Tenant other = Tenant.provision(stack, ADMIN_TOKEN, "Other");
        other.api().get("/v1/analytics/posts/" + postId).then().statusCode(404);
    }

    @Test
    void shouldFillTheSlotOnceLaterWhenThePlatformRateLimitsTheFirstRequest() {
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Rate limited");
        String postId = publish(tenant, "Popular [sandbox:metrics-429]");
        tenant.api().post("/v1/analytics/posts/" + postId + "/refresh").then().statusCode(202);

        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> tenant.api()
                        .get("/v1/analytics/posts/" + postId)
                        .then()
                        .body("destinations[0].series", hasSize(1))
                        .body(
                                "destinations[0].collection.find { it.slot.startsWith('refresh-') }.state",
                                equalTo("collected")));
        List<Integer> attempts = tenant.api()
                .get("/v1/analytics/posts/" + postId)
                .then()
                .extract()
                .path("destinations[0].collection.findAll { it.slot.startsWith('refresh-') }.attempts");
        assertEquals(List.of(2), attempts, "asked once, limited, asked once more");
    }

    private static String publish(Tenant tenant, String caption) {
        String account = tenant.connectSandboxAccount();
        String postId = tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("caption", caption, "account_ids", List.of(account)))
                .post("/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> tenant.api()
                        .get("/v1/analytics/posts/" + postId)
                        .then()
                        .statusCode(200)
                        .body("destinations[0].status", equalTo("published"))
                        .body("destinations[0].collection", hasSize(7)));
        return postId;
    }
}
