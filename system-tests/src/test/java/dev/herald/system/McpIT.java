package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.restassured.http.ContentType;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * Herald's MCP server driven by the MCP Java SDK's own client against a real stack: over Streamable HTTP at the
 * gateway's {@code /v1/mcp}, and over stdio through the packaged CLI ({@code java -jar herald-cli.jar mcp}). Both
 * must give the same tools and the REST API's answers, errors and scopes.
 */
class McpIT {

    private static final String ADMIN_TOKEN = "mcp-test-" + UUID.randomUUID();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final List<String> TOOLS = List.of(
            "schedule_post",
            "list_accounts",
            "get_post",
            "list_posts",
            "cancel_post",
            "retry_post",
            "import_media",
            "get_post_analytics",
            "find_next_slot");

    private static HeraldStack stack;
    private static Tenant tenant;
    private static String account;
    private static String readOnlyKey;
    private static Path jar;
    private static Path home;

    @BeforeAll
    static void start() throws IOException {
        jar = HeraldPaths.root().resolve("cli/target/herald-cli.jar");
        assertTrue(Files.isRegularFile(jar), "build the CLI first: ./mvnw -pl cli package (" + jar + ")");
        Path work = HeraldPaths.root().resolve("system-tests/target/mcp-" + System.currentTimeMillis());
        home = Files.createDirectories(work.resolve("home"));
        stack = HeraldStack.start(HeraldStack.Options.forTests(work.resolve("stack"), ADMIN_TOKEN));
        tenant = Tenant.provision(stack, ADMIN_TOKEN, "MCP");
        account = tenant.connectSandboxAccount();
        // A queue on the account, so find_next_slot has a slot to find.
        tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "Mornings",
                        "timezone",
                        "Europe/Berlin",
                        "slots",
                        List.of(Map.of("day", "mon", "time", "09:00"), Map.of("day", "thu", "time", "09:00")),
                        "account_ids",
                        List.of(account)))
                .post("/v1/queues")
                .then()
                .statusCode(201);
        readOnlyKey = tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "mcp read-only", "scopes", List.of("posts:read", "accounts:read")))
                .post("/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static McpSyncClient connect(McpClientTransport transport) {
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(90))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
        McpSchema.InitializeResult init = client.initialize();
        assertEquals("herald", init.serverInfo().name());
        return client;
    }

    private static McpSyncClient overHttp(String key) {
        return connect(HttpClientStreamableHttpTransport.builder(stack.gatewayUrl())
                .endpoint("/v1/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .build());
    }

    /** The packaged CLI as the MCP server process, with its own HOME (no stored login) and the key in its env. */
    private static McpSyncClient overStdio(String key) {
        ServerParameters server = ServerParameters.builder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("-Duser.home=" + home, "-jar", jar.toString(), "mcp")
                .env(Map.of(
                        "HERALD_API_KEY", key,
                        "HERALD_API_URL", stack.gatewayUrl(),
                        "HOME", home.toString()))
                .build();
        return connect(new StdioClientTransport(server, McpJsonDefaults.getMapper()));
    }

    private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(CallToolResult result) {
        assertFalse(Boolean.TRUE.equals(result.isError()), () -> text(result));
        String text = text(result);
        assertTrue(text.startsWith("{"), text);
        return (Map<String, Object>) result.structuredContent();
    }

    @SuppressWarnings("unchecked")
    private static String errorCode(CallToolResult result) {
        assertTrue(Boolean.TRUE.equals(result.isError()), () -> text(result));
        Map<String, Object> error =
                (Map<String, Object>) ((Map<String, Object>) result.structuredContent()).get("error");
        assertTrue(text(result).contains("\"code\":\"" + error.get("code") + "\""), text(result));
        return (String) error.get("code");
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    /** What both transports must do alike, on the same tenant; {@code label} keeps their posts apart. */
    @SuppressWarnings("unchecked")
    private static void exercise(McpSyncClient client, String label) {
        List<McpSchema.Tool> tools = client.listTools().tools();
        assertEquals(TOOLS, tools.stream().map(McpSchema.Tool::name).toList());
        for (McpSchema.Tool tool : tools) {
            assertEquals("object", tool.inputSchema().get("type"), tool.name());
            assertTrue(tool.inputSchema().get("properties") instanceof Map<?, ?>, tool.name());
            assertTrue(tool.description().length() > 80, tool.name());
        }

        List<Map<String, Object>> accounts = (List<Map<String, Object>>)
                ok(call(client, "list_accounts", Map.of())).get("data");
        assertTrue(accounts.stream().anyMatch(a -> account.equals(a.get("id"))), accounts.toString());

        LocalDateTime at = LocalDateTime.now(BERLIN).plusDays(2).truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> schedule = Map.of(
                "caption",
                "Hello from MCP over " + label,
                "account_ids",
                List.of(account),
                "scheduled_at",
                at.toString(),
                "timezone",
                "Europe/Berlin",
                "idempotency_key",
                "mcp-it-" + label + "-" + UUID.randomUUID());
        Map<String, Object> post = ok(call(client, "schedule_post", schedule));
        String postId = (String) post.get("id");
        assertTrue(postId.startsWith("post_"), post.toString());
        assertEquals("scheduled", post.get("status"), post.toString());
        // The post exists for the REST API, at the Berlin wall-clock time asked for.
        String scheduledAt = tenant.api()
                .get("/v1/posts/" + postId)
                .then()
                .statusCode(200)
                .extract()
                .path("scheduled_at");
        assertEquals(at.atZone(BERLIN).toInstant(), java.time.Instant.parse(scheduledAt));
        // The same call with the same idempotency_key: the first post, not a second one.
        assertEquals(postId, ok(call(client, "schedule_post", schedule)).get("id"));

        assertEquals(
                postId, ok(call(client, "get_post", Map.of("post_id", postId))).get("id"));
        List<Map<String, Object>> listed = (List<Map<String, Object>>)
                ok(call(client, "list_posts", Map.of("status", "scheduled"))).get("data");
        assertTrue(listed.stream().anyMatch(p -> postId.equals(p.get("id"))), listed.toString());

        Map<String, Object> slot = ok(call(client, "find_next_slot", Map.of("account_id", account)));
        assertNotNull(slot.get("at"), slot.toString());
        assertEquals("Europe/Berlin", slot.get("timezone"), slot.toString());

        assertEquals(
                "canceled",
                ok(call(client, "cancel_post", Map.of("post_id", postId))).get("status"));
        assertEquals(
                "canceled",
                tenant.api()
                        .get("/v1/posts/" + postId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("status"));

        assertEquals(
                "not_found", errorCode(call(client, "get_post", Map.of("post_id", "post_00000000000000000000000000"))));
        assertEquals("validation_failed", errorCode(call(client, "get_post", Map.of("post_id", "nope"))));
        assertEquals(
                "validation_failed", errorCode(call(client, "schedule_post", Map.of("account_ids", List.of(account)))));
    }

    @Test
    void shouldServeTheToolsOverStreamableHttpWhenTheKeyIsValid() {
        try (McpSyncClient client = overHttp(tenant.apiKey())) {
            exercise(client, "http");
        }
    }

    @Test
    void shouldAnswer401OverHttpWhenTheKeyIsMissing() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/mcp"))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json, text/event-stream")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,"
                                        + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"code\":\"unauthorized\""), response.body());
    }

    @Test
    void shouldReturnInsufficientScopeAsAToolErrorWhenTheKeyCannotWritePosts() {
        try (McpSyncClient http = overHttp(readOnlyKey);
                McpSyncClient stdio = overStdio(readOnlyKey)) {
            for (McpSyncClient client : List.of(http, stdio)) {
                assertEquals(
                        "insufficient_scope",
                        errorCode(call(
                                client,
                                "schedule_post",
                                Map.of("caption", "not allowed", "account_ids", List.of(account)))));
                // Reading is within the key's scopes.
                ok(call(client, "list_accounts", Map.of()));
            }
        }
    }

    @Test
    void shouldServeTheToolsOverStdioWhenTheCliRunsAsTheServer() {
        try (McpSyncClient client = overStdio(tenant.apiKey())) {
            exercise(client, "stdio");
        }
    }

    @Test
    void shouldExitFourWithoutServingWhenTheCliHasNoKey() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home,
                "-jar",
                jar.toString(),
                "mcp");
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_") || name.equals("XDG_CONFIG_HOME"));
        builder.environment().put("HOME", home.toString());
        Process process = builder.redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(4, process.exitValue(), new String(process.getInputStream().readAllBytes()));
    }
}
