package dev.herald.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.herald.gateway.mcp.McpRoutes;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * Failed authentications on the REST API and on {@code /v1/mcp} count against one per-address limit: 401s until it is
 * spent, then 429 on either door (the tests' shared client address is why the other tests lift the limit).
 */
@QuarkusTest
@TestProfile(FailedAuthenticationsTest.ThreeFailures.class)
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class FailedAuthenticationsTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @Test
    void shouldAnswer429OnEitherDoorWhenTheAddressFailedTooOftenAcrossBoth() {
        given().get("/v1/me").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer hk_test_nope")
                .get("/v1/me")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("unauthorized"));
        mcp().post(McpRoutes.PATH)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error.code", equalTo("unauthorized"));

        mcp().post(McpRoutes.PATH)
                .then()
                .statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("error.code", equalTo("too_many_failed_attempts"))
                .body("error.request_id", matchesPattern("req_.+"));
        given().get("/v1/me")
                .then()
                .statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("error.code", equalTo("too_many_failed_attempts"));
    }

    private static RequestSpecification mcp() {
        return given().contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(INITIALIZE);
    }

    /** Three failed attempts a minute per address, in place of the tests' lifted limit. */
    public static class ThreeFailures implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("herald.gateway.rate-limit.failed-auth-per-minute-per-ip", "3");
        }
    }
}
