package dev.herald.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.herald.gateway.UpstreamStub;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.LocalRedis;

/** The gateway with its counters in a real Redis: the same limits and headers as in memory. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(RedisRateLimitTest.RedisStore.class)
class RedisRateLimitTest {

    @Test
    void shouldAnswer429WithRateLimitHeadersWhenTheSixtyFirstRequestIsCountedInRedis() {
        assumeTrue(LocalRedis.available(), "redis-server is not on the PATH");
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body(
                        "checks.find { it.name == '" + RateLimitStoreHealthCheck.NAME + "' }.data.store",
                        equalTo("redis"));
        String secret = given().header("Authorization", "Bearer test-admin-token")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Redis"))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(201)
                .extract()
                .path("api_key.secret");

        for (int i = 0; i < 60; i++) {
            given().header("Authorization", "Bearer " + secret)
                    .get("/v1/me")
                    .then()
                    .statusCode(200)
                    .header("RateLimit-Policy", equalTo("\"default\";q=60;w=60"));
        }
        var refused = given().header("Authorization", "Bearer " + secret)
                .get("/v1/me")
                .then()
                .statusCode(429)
                .body("error.code", equalTo("rate_limited"))
                .header("RateLimit-Policy", equalTo("\"default\";q=60;w=60"))
                .header("RateLimit", startsWith("\"default\";r=0;t="))
                .extract();

        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        long reset = Long.parseLong(refused.header("RateLimit").replaceAll(".*;t=", ""));
        assertTrue(retryAfter >= reset && reset > 0 && reset <= 60, "Retry-After never earlier than t");
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("herald_rate_limit_redis_available 1.0"))
                .body(containsString("herald_rate_limit_redis_fallbacks_total 0.0"));
    }

    /** A redis-server for this test's gateway; without one on the PATH the gateway counts in memory (and the test skips). */
    public static class RedisStore implements QuarkusTestResourceLifecycleManager {

        private LocalRedis redis;

        @Override
        public Map<String, String> start() {
            if (!LocalRedis.available()) {
                return Map.of();
            }
            redis = LocalRedis.start();
            // Generous: this test is about the Redis path, not the fallback a slow CI machine could trigger.
            return Map.of(
                    "herald.gateway.rate-limit.redis-url",
                    redis.url(),
                    "herald.gateway.rate-limit.redis-timeout",
                    "2s");
        }

        @Override
        public void stop() {
            if (redis != null) {
                redis.close();
            }
        }
    }
}
