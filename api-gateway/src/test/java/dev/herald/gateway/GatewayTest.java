package dev.herald.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.LocalInfra;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class GatewayTest {

    @Test
    void shouldForwardWithASignedInternalTokenInsteadOfTheKeyWhenTheKeyIsValid() throws Exception {
        Created created = provision("Acme");

        given().header("Authorization", "Bearer " + created.secret())
                .contentType(ContentType.JSON)
                .body("{\"caption\":\"hi\"}")
                .post("/v1/posts?x=1")
                .then()
                .statusCode(200)
                .header("x-upstream", "stub")
                .header("X-Request-Id", startsWith("req_"))
                .body("echo", equalTo(true));

        Map<String, String> seen = UpstreamStub.LAST.get("last");
        assertEquals("POST", seen.get(":method"));
        assertEquals("/v1/posts?x=1", seen.get(":uri"));
        given().header("Authorization", "Bearer " + created.secret())
                .header("X-Request-Id", "client-trace-0001")
                .get("/v1/posts/p")
                .then()
                .header("X-Request-Id", "client-trace-0001");
        assertEquals("client-trace-0001", UpstreamStub.LAST.get("last").get("x-request-id"));
        assertEquals("{\"caption\":\"hi\"}", seen.get(":body"));
        String token = seen.get("authorization").substring("Bearer ".length());
        assertTrue(!token.contains(created.secret()));
        String claims = verifiedClaims(token);
        assertTrue(claims.contains("\"wid\":\"" + created.workspaceId() + "\""), claims);
        assertTrue(claims.contains("\"mode\":\"test\""), claims);
        assertTrue(claims.contains("\"iss\":\"herald-gateway\""), claims);
        assertTrue(seen.get("x-request-id").startsWith("req_"));
    }

    @Test
    void shouldForwardWithoutAnyTokenWhenTheRouteIsPublic() {
        given().header("Authorization", "Bearer not-a-key")
                .get("/v1/accounts/callback/x?code=abc&state=s1")
                .then()
                .statusCode(200)
                .header("x-upstream", "stub");

        Map<String, String> seen = UpstreamStub.LAST.get("last");
        assertEquals("/v1/accounts/callback/x?code=abc&state=s1", seen.get(":uri"));
        // Neither the caller's header nor an internal token: no workspace vouched for this request.
        assertNull(seen.get("authorization"));

        given().body("bytes").put("/v1/media/uploads/upl_1").then().statusCode(200);
        assertEquals("PUT", UpstreamStub.LAST.get("last").get(":method"));
        assertNull(UpstreamStub.LAST.get("last").get("authorization"));
        // Only the listed method: listing or creating uploads still needs a key.
        given().post("/v1/media/uploads").then().statusCode(401);
        given().get("/v1/media/uploads/upl_1").then().statusCode(401);
        given().get("/v1/accounts/callback").then().statusCode(401);
    }

    @Test
    void shouldRelayTheServiceStatusWhenItAnswersAnError() {
        Created created = provision("Acme");

        given().header("Authorization", "Bearer " + created.secret())
                .get("/v1/accounts/missing")
                .then()
                .statusCode(404);
    }

    @Test
    void shouldNameProxiedRequestsInTheMetricsByRouteWhenThePathHoldsIds() {
        Created created = provision("Metrics");
        for (String id : new String[] {"post_01JD7Z6N2B3C4D5E6F7G8H9J0K", "post_01JD7Z6N2B3C4D5E6F7G8H9J0M"}) {
            given().header("Authorization", "Bearer " + created.secret())
                    .post("/v1/posts/" + id + "/cancel")
                    .then()
                    .statusCode(200);
        }

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(
                metrics.contains("method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/v1/posts/{id}/cancel\""),
                "one series for the route");
        assertTrue(!metrics.contains("post_01JD7Z6N2B3C4D5E6F7G8H9J0"), "no series per post id");
    }

    @Test
    void shouldAnswer401WhenTheKeyIsMissingOrUnknown() {
        given().get("/v1/posts/post_1")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error.code", equalTo("unauthorized"))
                .body("error.request_id", startsWith("req_"));
        given().header("Authorization", "Bearer hk_test_nope")
                .get("/v1/posts/post_1")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("unauthorized"));
        given().header("Authorization", "Basic abc")
                .get("/v1/posts/post_1")
                .then()
                .statusCode(401);
        UpstreamStub.LAST.clear();
        given().header("Authorization", "Bearer hk_live_nope")
                .get("/v1/posts/post_2")
                .then()
                .statusCode(401);
        assertNull(UpstreamStub.LAST.get("last"), "nothing reaches a service without a valid key");
    }

    @Test
    void shouldAnswer404WhenNoServiceOwnsThePath() {
        Created created = provision("Acme");

        given().header("Authorization", "Bearer " + created.secret())
                .get("/v1/nothing-here")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
        given().header("Authorization", "Bearer " + created.secret())
                .get("/v1/postsandmore")
                .then()
                .statusCode(404);
    }

    @Test
    void shouldAnswer503WhenTheOwningServiceIsDown() {
        Created created = provision("Acme");

        given().header("Authorization", "Bearer " + created.secret())
                .get("/v1/analytics?post_id=p")
                .then()
                .statusCode(503)
                .body("error.code", equalTo("service_unavailable"))
                .header("Retry-After", equalTo("2"));
    }

    @Test
    void shouldRefuseTheOperatorApiWhenTheTokenIsWrongOrTheBodyInvalid() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer test-admin-token")
                .contentType(ContentType.JSON)
                .body(Map.of("name", " "))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("name"));
        given().header("Authorization", "Bearer test-admin-token")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "key_mode", "prod"))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("key_mode"));
    }

    @Test
    void shouldSayWhoIsCallingWhenAskedForMe() {
        Created created = provision("Me");

        given().header("Authorization", "Bearer " + created.secret())
                .get("/v1/me")
                .then()
                .statusCode(200)
                .body("workspace_id", equalTo(created.workspaceId()))
                .body("organization_id", startsWith("org_"))
                .body("mode", equalTo("test"))
                .body("scopes", org.hamcrest.Matchers.hasItem("posts:write"))
                .body("rate_limit.limit", equalTo(60));
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenTheSixtyFirstRequestComesWithinAMinute() {
        Created created = provision("Busy");
        for (int i = 0; i < 60; i++) {
            given().header("Authorization", "Bearer " + created.secret())
                    .get("/v1/me")
                    .then()
                    .statusCode(200)
                    .header("RateLimit-Policy", equalTo("\"default\";q=60;w=60"))
                    .header("RateLimit", startsWith("\"default\";r=" + (59 - i) + ";t="));
        }

        var refused = given().header("Authorization", "Bearer " + created.secret())
                .get("/v1/me")
                .then()
                .statusCode(429)
                .body("error.code", equalTo("rate_limited"))
                .header("RateLimit", startsWith("\"default\";r=0;t="))
                .extract();
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        long reset = Long.parseLong(refused.header("RateLimit").replaceAll(".*;t=", ""));
        assertTrue(retryAfter >= reset && retryAfter > 0, "Retry-After never earlier than t");
    }

    @Test
    void shouldAnswer403WhenTheKeyLacksTheScope() {
        var response = given().header("Authorization", "Bearer test-admin-token")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Reader", "scopes", java.util.List.of("posts:read")))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(201)
                .extract();
        String secret = response.path("api_key.secret");

        given().header("Authorization", "Bearer " + secret)
                .get("/v1/posts/post_1")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + secret)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/posts")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("insufficient_scope"));
        given().header("Authorization", "Bearer " + secret)
                .get("/v1/accounts")
                .then()
                .statusCode(403)
                .body("error.message", org.hamcrest.Matchers.containsString("accounts:read"));
    }

    private static Created provision(String name) {
        var response = given().header("Authorization", "Bearer test-admin-token")
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(201)
                .body("workspace_id", startsWith("ws_"))
                .body("api_key.secret", startsWith("hk_test_"))
                .body("api_key.id", notNullValue())
                .extract();
        return new Created(response.path("workspace_id"), response.path("api_key.secret"));
    }

    /** Verifies the RS256 signature with the test public key, independently of any JWT library. */
    private static String verifiedClaims(String token) throws Exception {
        String[] parts = token.split("\\.");
        PublicKey key = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(
                        Base64.getDecoder().decode(LocalInfra.shared().keys().publicKeyBase64())));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])), "signature verifies");
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    record Created(String workspaceId, String secret) {}
}
