package dev.herald.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.herald.gateway.mcp.McpRoutes;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * {@code /v1/mcp} (package mcp; here beside {@link UpstreamStub}, whose record is package-private) with the MCP Java SDK's own client over Streamable HTTP: auth, the tool list, a tool call reaching
 * the owning service through the gateway's proxy, and bad arguments and refused scopes as tool errors.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class McpRoutesTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @TestHTTPResource("/")
    URL root;

    private McpSyncClient client(String key) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        root.toString().replaceAll("/$", ""))
                .endpoint(McpRoutes.PATH)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .build();
        McpSyncClient client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void shouldAnswer401WhenTheKeyIsMissingOrUnknown() {
        given().contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(INITIALIZE)
                .post(McpRoutes.PATH)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error.code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer hk_test_nope")
                .contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(INITIALIZE)
                .post(McpRoutes.PATH)
                .then()
                .statusCode(401);
    }

    @Test
    void shouldListTheNineToolsAndCallThroughTheProxyWhenTheKeyIsValid() {
        String key = Keys.provision("Mcp", null);
        try (McpSyncClient client = client(key)) {
            List<McpSchema.Tool> tools = client.listTools().tools();
            assertEquals(9, tools.size(), tools.toString());
            tools.forEach(tool -> assertEquals("object", tool.inputSchema().get("type"), tool.name()));

            UpstreamStub.LAST.clear();
            CallToolResult result = client.callTool(
                    new McpSchema.CallToolRequest("get_post", Map.of("post_id", "post_01JD7Z6N2B3C4D5E6F7G8H9J0K")));

            assertFalse(result.isError(), text(result));
            assertEquals("{\"echo\":true}", text(result));
            assertEquals(Map.of("echo", true), result.structuredContent());
            Map<String, String> seen = UpstreamStub.LAST.get("last");
            assertEquals("GET", seen.get(":method"));
            assertEquals("/v1/posts/post_01JD7Z6N2B3C4D5E6F7G8H9J0K", seen.get(":uri"));
            // The proxy replaced the key with its internal token: the call took the REST API's own path.
            assertFalse(seen.get("authorization").contains(key));
            assertNotNull(seen.get("x-request-id"));
        }
    }

    @Test
    void shouldReturnValidationFailedAsAToolErrorWhenAnArgumentIsBad() {
        String key = Keys.provision("McpValidation", null);
        try (McpSyncClient client = client(key)) {
            UpstreamStub.LAST.clear();
            CallToolResult badId =
                    client.callTool(new McpSchema.CallToolRequest("get_post", Map.of("post_id", "acct_1")));
            CallToolResult missing = client.callTool(
                    new McpSchema.CallToolRequest("schedule_post", Map.of("account_ids", List.of("acct_1"))));
            CallToolResult wrongType =
                    client.callTool(new McpSchema.CallToolRequest("list_accounts", Map.of("limit", "many")));

            for (CallToolResult result : List.of(badId, missing, wrongType)) {
                assertTrue(result.isError(), text(result));
                assertTrue(text(result).contains("\"code\":\"validation_failed\""), text(result));
            }
            assertTrue(UpstreamStub.LAST.isEmpty(), "nothing reached a service");
            // The session is still fine after the errors.
            assertEquals(9, client.listTools().tools().size());
        }
    }

    @Test
    void shouldReturnInsufficientScopeAsAToolErrorWhenTheKeyLacksTheRoutesScope() {
        String key = Keys.provision("McpScopes", List.of("posts:read"));
        try (McpSyncClient client = client(key)) {
            CallToolResult result =
                    client.callTool(new McpSchema.CallToolRequest("cancel_post", Map.of("post_id", "post_1")));

            assertTrue(result.isError(), text(result));
            assertEquals(
                    "insufficient_scope",
                    ((Map<?, ?>) ((Map<?, ?>) result.structuredContent()).get("error")).get("code"));
        }
    }

    @Test
    void shouldRefuseASessionWhenAnotherKeyUsesIt() {
        String owner = Keys.provision("McpOwner", null);
        String other = Keys.provision("McpOther", null);
        String session = given().header("Authorization", "Bearer " + owner)
                .contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(INITIALIZE)
                .post(McpRoutes.PATH)
                .then()
                .statusCode(200)
                .extract()
                .header("Mcp-Session-Id");
        assertNotNull(session);

        given().header("Authorization", "Bearer " + other)
                .header("Mcp-Session-Id", session)
                .contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                .post(McpRoutes.PATH)
                .then()
                .statusCode(404);
        given().header("Authorization", "Bearer " + owner)
                .header("Mcp-Session-Id", session)
                .contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body("{not json")
                .post(McpRoutes.PATH)
                .then()
                .statusCode(400);
        given().header("Authorization", "Bearer " + owner)
                .header("Mcp-Session-Id", session)
                .delete(McpRoutes.PATH)
                .then()
                .statusCode(204);
    }

    /** Workspaces and their first key, through the operator API. */
    static final class Keys {

        static String provision(String name, List<String> scopes) {
            Map<String, Object> body = scopes == null ? Map.of("name", name) : Map.of("name", name, "scopes", scopes);
            return given().header("Authorization", "Bearer test-admin-token")
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/admin/v1/workspaces")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("api_key.secret");
        }
    }
}
