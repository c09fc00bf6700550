package dev.herald.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;
import dev.herald.testsupport.LocalRedis;

/**
 * Two gateway processes on one real {@code redis-server} enforce one limit per key (issue 4): sixty requests sent
 * alternately through both use up one shared budget and the 61st is refused, wherever it arrives. Then Redis is
 * killed (SIGKILL) and both gateways keep serving, counting per replica, and say so in their health and metrics;
 * once Redis is back they count in it again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedRateLimitIT {

    private static final String ADMIN_TOKEN = "shared-limit-" + UUID.randomUUID();
    private static final int LIMIT = 60;
    private static final Pattern RATE_LIMIT = Pattern.compile("\"default\";r=(\\d+);t=(\\d+)");

    private static LocalRedis redis;
    private static HeraldStack stack;
    private static List<String> gateways;

    @BeforeAll
    static void start() {
        assumeTrue(LocalRedis.available(), "redis-server is not on the PATH (CI installs it best effort): skipped");
        redis = LocalRedis.start();
        Path data = HeraldPaths.root().resolve("system-tests/target/stack-shared-limit-" + System.currentTimeMillis());
        HeraldStack.Options tests = HeraldStack.Options.forTests(data, ADMIN_TOKEN);
        // The production default (60 per minute per key) instead of the system tests' "out of the way" limit.
        HeraldStack.Options options = new HeraldStack.Options(
                tests.dataDir(),
                tests.durable(),
                tests.fresh(),
                tests.basePort(),
                tests.kafkaPort(),
                tests.postgresPort(),
                tests.adminToken(),
                tests.allowLoopbackWebhooks(),
                LIMIT,
                tests.javaOptions());
        stack = HeraldStack.create(options)
                .environment("api-gateway", "HERALD_REDIS_URL", redis.url())
                // The default 50 ms is for production; a busy two-core test machine can take longer, and a request
                // counted locally here would make the shared count below wrong for a reason that is not the test's.
                .environment("api-gateway", "HERALD_GATEWAY_RATE_LIMIT_REDIS_TIMEOUT", "2s");
        stack.startAll();
        // A second gateway process, as a second pod would be: the same jar and settings (Redis too), its own port.
        gateways = List.of(stack.gatewayUrl(), stack.url(stack.startReplica("api-gateway")));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void shouldRefuseTheSixtyFirstRequestWhenSixtyWentAlternatelyThroughTwoGateways() {
        gateways.forEach(gateway -> assertStore(gateway, "redis"));
        Key key = provisionKey("Shared limit");
        awaitRoomInThisMinute(); // the window is aligned to the minute: all 61 requests must fall in one window

        for (int i = 0; i < LIMIT; i++) {
            ExtractableResponse<Response> served = me(gateways.get(i % 2), key)
                    .then()
                    .statusCode(200)
                    .header("RateLimit-Policy", equalTo("\"default\";q=60;w=60"))
                    .extract();
            // One budget: the second gateway's first request already sees the first gateway's request counted.
            assertEquals(LIMIT - 1 - i, remaining(served.header("RateLimit")), "remaining after request " + (i + 1));
        }
        for (String gateway : gateways) {
            ExtractableResponse<Response> refused = me(gateway, key)
                    .then()
                    .statusCode(429)
                    .contentType(ContentType.JSON)
                    .body("error.code", equalTo("rate_limited"))
                    .body("error.request_id", notNullValue())
                    .header("RateLimit-Policy", equalTo("\"default\";q=60;w=60"))
                    .extract();
            assertEquals(0, remaining(refused.header("RateLimit")));
            long reset = reset(refused.header("RateLimit"));
            long retryAfter = Long.parseLong(refused.header("Retry-After"));
            assertTrue(reset >= 1 && reset <= 60, "t within the window: " + reset);
            assertTrue(retryAfter >= reset, "Retry-After " + retryAfter + " never earlier than t " + reset);
        }
        // The count lives in Redis, once: refused requests are not counted.
        assertEquals(Integer.toString(LIMIT), redis.call("HGET", "herald:rate-limit:key:" + key.id(), "c"));
    }

    @Test
    @Order(2)
    void shouldKeepServingAndReportTheFallbackWhenRedisIsKilled() {
        Key key = provisionKey("Redis outage");
        gateways.forEach(gateway -> posts(gateway, key).then().statusCode(200));
        gateways.forEach(gateway -> assertStore(gateway, "redis"));

        redis.kill();

        // Every request is still answered, proxied to the post-service, and still limited (per replica now).
        for (int i = 0; i < 20; i++) {
            posts(gateways.get(i % 2), key)
                    .then()
                    .statusCode(200)
                    .header("RateLimit-Policy", equalTo("\"default\";q=60;w=60"))
                    .header("RateLimit", notNullValue());
        }
        for (String gateway : gateways) {
            given().baseUri(gateway)
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200) // still ready: without Redis the gateway serves and limits per replica
                    .body("checks.find { it.name == 'rate-limit-store' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'rate-limit-store' }.data.store", equalTo("local-fallback"))
                    .body("checks.find { it.name == 'rate-limit-store' }.data.last_error", notNullValue());
            String metrics = given().baseUri(gateway)
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertTrue(metrics.contains("herald_rate_limit_redis_available 0.0"), "Redis reported unavailable");
            assertTrue(metric(metrics, "herald_rate_limit_redis_fallbacks_total") > 0, "fallbacks counted");
        }

        redis.restart();
        // Each gateway tries Redis again on a request once its retry interval (2 s) has passed.
        for (String gateway : gateways) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        posts(gateway, key).then().statusCode(200);
                        assertStore(gateway, "redis");
                    });
        }
        assertEquals("1", redis.call("EXISTS", "herald:rate-limit:key:" + key.id()));
    }

    /** A new workspace and its key, so each test starts from a fresh count. */
    private static Key provisionKey(String name) {
        var created = given().baseUri(gateways.get(0))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(201)
                .extract();
        return new Key(created.path("api_key.id"), created.path("api_key.secret"));
    }

    private static Response me(String gateway, Key key) {
        return given().baseUri(gateway)
                .header("Authorization", "Bearer " + key.secret())
                .get("/v1/me");
    }

    private static Response posts(String gateway, Key key) {
        return given().baseUri(gateway)
                .header("Authorization", "Bearer " + key.secret())
                .get("/v1/posts");
    }

    private static void assertStore(String gateway, String store) {
        given().baseUri(gateway)
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'rate-limit-store' }.data.store", equalTo(store));
    }

    /** Waits, if need be, until at least 20 s of the current minute are left (a few seconds at most). */
    private static void awaitRoomInThisMinute() {
        await().atMost(Duration.ofSeconds(61))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> System.currentTimeMillis() % 60_000, elapsed -> elapsed < 40_000);
    }

    private static int remaining(String header) {
        return Integer.parseInt(parse(header).group(1));
    }

    private static long reset(String header) {
        return Long.parseLong(parse(header).group(2));
    }

    private static Matcher parse(String header) {
        Matcher matcher = RATE_LIMIT.matcher(String.valueOf(header));
        assertTrue(matcher.matches(), "RateLimit header: " + header);
        return matcher;
    }

    private static double metric(String metrics, String name) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private record Key(String id, String secret) {}
}
