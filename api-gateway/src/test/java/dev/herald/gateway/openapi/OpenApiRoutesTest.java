package dev.herald.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.gateway.UpstreamStub;
import dev.herald.testsupport.HeraldInfraResource;

/** The stub answers every path with a JSON echo (not OpenAPI) and analytics is down: the document must still come. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class OpenApiRoutesTest {

    @Test
    void shouldServeTheGatewayRoutesAndNameTheMissingServicesWhenNoServiceAnswersWithADocument() {
        given().get("/v1/openapi.json")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .header("X-Request-Id", startsWith("req_"))
                .body("openapi", equalTo("3.1.0"))
                .body("paths", hasKey("/v1/me"))
                .body("paths", hasKey("/v1/api-keys"))
                .body("paths.'/v1/me'.get.responses.'401'.'$ref'", equalTo("#/components/responses/Unauthorized"))
                .body("components.securitySchemes.ApiKey.scheme", equalTo("bearer"))
                .body(
                        "'x-herald-missing-services'.service",
                        hasItems(
                                "post-service",
                                "media-service",
                                "publisher-service",
                                "webhook-service",
                                "analytics-service"))
                .body(
                        "'x-herald-missing-services'.find { it.service == 'analytics-service' }.reason",
                        startsWith("unreachable"));
    }

    @Test
    void shouldDescribeTheMcpEndpointWithItsOwnErrorsWhenTheGatewayServesIt() {
        given().get("/v1/openapi.json")
                .then()
                .statusCode(200)
                .body("paths.'/v1/mcp'.post.operationId", equalTo("sendMcpMessage"))
                .body("paths.'/v1/mcp'.get.operationId", equalTo("openMcpStream"))
                .body("paths.'/v1/mcp'.delete.operationId", equalTo("endMcpSession"))
                .body("paths.'/v1/mcp'.post.security[0]", hasKey("ApiKey"))
                .body("paths.'/v1/mcp'.post.description", containsString("docs/mcp.md"))
                .body("paths.'/v1/mcp'.post.responses.'200'.content", hasKey("text/event-stream"))
                .body("paths.'/v1/mcp'.post.responses.'401'.'$ref'", equalTo("#/components/responses/Unauthorized"))
                .body("paths.'/v1/mcp'.post.responses.'429'.'$ref'", equalTo("#/components/responses/TooManyRequests"))
                .body(
                        "paths.'/v1/mcp'.post.responses.'404'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/JsonRpcError"))
                .body("paths.'/v1/mcp'.post.responses", not(hasKey("403")))
                .body("paths.'/v1/mcp'.post", not(hasKey(OpenApiMerger.LISTED_ERRORS_ONLY)));
    }

    @Test
    void shouldGiveEveryGatewayOperationItsOwnOperationIdWhenServed() {
        Map<String, Map<String, Map<String, Object>>> paths =
                given().get("/v1/openapi.json").then().statusCode(200).extract().path("paths");
        List<String> ids = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            Object id = operation.get("operationId");
            assertTrue(id instanceof String text && !text.isBlank(), method + " " + path + " has an operationId");
            ids.add((String) id);
        }));
        assertTrue(ids.size() >= 14, "the gateway's own operations: " + ids);
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no operationId twice: " + ids);
    }

    @Test
    void shouldStillAskForAKeyOnOtherV1PathsWhenTheDocumentIsPublic() {
        given().get("/v1/posts").then().statusCode(401);
    }

    @Test
    void shouldServeSwaggerUiFromTheJarWhenDocsIsOpened() {
        given().get("/docs")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("url: \"/v1/openapi.json\""))
                .body(containsString("/docs/swagger-ui-bundle.js"));
        String bundle = given().get("/docs/swagger-ui-bundle.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .header("cache-control", notNullValue())
                .extract()
                .asString();
        assertTrue(bundle.contains("SwaggerUIBundle"), "the real bundle");
        given().get("/docs/swagger-ui.css").then().statusCode(200);
        given().get("/docs/index.html").then().statusCode(404);
    }
}
