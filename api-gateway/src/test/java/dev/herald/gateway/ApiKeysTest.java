package dev.herald.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.herald.testsupport.HeraldInfraResource;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class ApiKeysTest {

    private static String provision(List<String> scopes) {
        return given().header("Authorization", "Bearer test-admin-token")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Keys", "scopes", scopes))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(201)
                .extract()
                .path("api_key.secret");
    }

    /** Revocation reaches every replica within the key cache TTL (1 s in tests). */
    private static void awaitRefused(String secret) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().header("Authorization", "Bearer " + secret)
                        .get("/v1/me")
                        .then()
                        .statusCode(401));
    }

    @Test
    void shouldCreateListAndUseAKeyWhoseSecretIsShownOnce() {
        String admin = provision(List.of("keys:write", "posts:read", "posts:write"));

        String secret = given().header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "CI", "scopes", List.of("posts:read")))
                .post("/v1/api-keys")
                .then()
                .statusCode(201)
                .body("id", startsWith("key_"))
                .body("secret", startsWith("hk_test_"))
                .body("scopes", contains("posts:read"))
                .extract()
                .path("secret");

        given().header("Authorization", "Bearer " + secret)
                .get("/v1/me")
                .then()
                .statusCode(200)
                .body("scopes", contains("posts:read"));
        given().header("Authorization", "Bearer " + admin)
                .get("/v1/api-keys")
                .then()
                .statusCode(200)
                .body("data.name", hasItem("CI"))
                .body("data.secret", everyItemNull())
                .body("data.last4", hasItem(secret.substring(secret.length() - 4)));
    }

    @Test
    void shouldReturnTheSameKeyWhenACreateIsRetriedWithItsIdempotencyKey() {
        String admin = provision(List.of("keys:write", "posts:read"));
        String idempotencyKey = "create-ci-key-" + System.nanoTime();

        var first = given().header("Authorization", "Bearer " + admin)
                .header("Idempotency-Key", idempotencyKey)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Retried", "scopes", List.of("posts:read")))
                .post("/v1/api-keys")
                .then()
                .statusCode(201)
                .header("Location", startsWith("/v1/api-keys/key_"))
                .extract()
                .asString();
        // The answer was lost; the client retries (key order and spacing differ: the same JSON).
        var again = given().header("Authorization", "Bearer " + admin)
                .header("Idempotency-Key", idempotencyKey)
                .contentType(ContentType.JSON)
                .body("{ \"scopes\": [\"posts:read\"], \"name\": \"Retried\" }")
                .post("/v1/api-keys")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .extract()
                .asString();
        org.junit.jupiter.api.Assertions.assertEquals(first, again, "the same key, secret included, byte for byte");
        given().header("Authorization", "Bearer " + admin)
                .get("/v1/api-keys?limit=100")
                .then()
                .body("data.findAll { it.name == 'Retried' }.size()", equalTo(1));
        given().header("Authorization", "Bearer " + admin)
                .header("Idempotency-Key", idempotencyKey)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Another"))
                .post("/v1/api-keys")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("idempotency_key_reused"));
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemNull() {
        return org.hamcrest.Matchers.everyItem(nullValue());
    }

    @Test
    void shouldKeepTheOldSecretWorkingDuringTheGraceWhenRotated() {
        String admin = provision(List.of("keys:write", "posts:read"));
        String keyId = given().header("Authorization", "Bearer " + admin)
                .get("/v1/me")
                .then()
                .extract()
                .path("key_id");

        String next = given().header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON)
                .body(Map.of("grace_period_seconds", 3600))
                .post("/v1/api-keys/" + keyId + "/rotate")
                .then()
                .statusCode(201)
                .body("rotated_from", equalTo(keyId))
                .body("secret", startsWith("hk_test_"))
                .extract()
                .path("secret");

        given().header("Authorization", "Bearer " + next).get("/v1/me").then().statusCode(200);
        given().header("Authorization", "Bearer " + admin).get("/v1/me").then().statusCode(200);
        given().header("Authorization", "Bearer " + next)
                .get("/v1/api-keys")
                .then()
                .body("data.find { it.id == '" + keyId + "' }.expires_at", notNullValue());

        String nextId = given().header("Authorization", "Bearer " + next)
                .get("/v1/me")
                .then()
                .extract()
                .path("key_id");
        String third = given().header("Authorization", "Bearer " + next)
                .contentType(ContentType.JSON)
                .body(Map.of("grace_period_seconds", 0))
                .post("/v1/api-keys/" + nextId + "/rotate")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        awaitRefused(next);
        given().header("Authorization", "Bearer " + third).get("/v1/me").then().statusCode(200);
    }

    @Test
    void shouldStopAKeyEverywhereWhenRevoked() {
        String admin = provision(List.of("keys:write", "posts:read"));
        String victim = given().header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Leaked"))
                .post("/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        String victimId = given().header("Authorization", "Bearer " + victim)
                .get("/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("key_id");

        given().header("Authorization", "Bearer " + admin)
                .delete("/v1/api-keys/" + victimId)
                .then()
                .statusCode(200)
                .body("revoked_at", notNullValue());

        awaitRefused(victim);
        given().header("Authorization", "Bearer " + admin)
                .post("/v1/api-keys/" + victimId + "/rotate")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("key_not_active"));
    }

    @Test
    void shouldRefuseToGrantMoreThanTheCallerHasOrWithoutKeysWrite() {
        String admin = provision(List.of("keys:write", "posts:read"));
        given().header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Greedy", "scopes", List.of("accounts:write")))
                .post("/v1/api-keys")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("scope_escalation"));
        given().header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", ""))
                .post("/v1/api-keys")
                .then()
                .statusCode(400);
        given().header("Authorization", "Bearer " + admin)
                .delete("/v1/api-keys/key_missing")
                .then()
                .statusCode(404);

        String reader = provision(List.of("posts:read"));
        given().header("Authorization", "Bearer " + reader)
                .get("/v1/api-keys")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("insufficient_scope"));
    }

    @jakarta.inject.Inject
    dev.herald.gateway.identity.service.KeyUsage usage;

    @Test
    void shouldShowWhenAKeyWasLastUsedOnceUsageIsFlushed() {
        String admin = provision(List.of("keys:write"));
        given().header("Authorization", "Bearer " + admin).get("/v1/me").then().statusCode(200);

        usage.flush();

        given().header("Authorization", "Bearer " + admin)
                .get("/v1/api-keys")
                .then()
                .body("data[0].last_used_at", notNullValue());
    }

    @Test
    void shouldCapTheWorkspaceWhenItsKeysTogetherPassTheCeiling() {
        String first = provision(List.of("keys:write", "posts:read"));
        String second = given().header("Authorization", "Bearer " + first)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Second"))
                .post("/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");

        int served = 1;
        String refusal = null;
        for (int i = 0; i < 120 && refusal == null; i++) {
            String key = i % 2 == 0 ? first : second;
            var response = given().header("Authorization", "Bearer " + key).get("/v1/me");
            if (response.statusCode() == 200) {
                served++;
            } else {
                refusal = response.jsonPath().getString("error.code");
            }
        }

        org.junit.jupiter.api.Assertions.assertEquals("workspace_rate_limited", refusal);
        org.junit.jupiter.api.Assertions.assertEquals(100, served, "the ceiling is 100 per minute in tests");
    }
}
