package dev.herald.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** The tool definitions and their mapping to REST calls, with a recorder standing in for the API. */
class HeraldToolsTest {

    private final HeraldTools tools = new HeraldTools();

    /** Records the calls and answers each with a fixed reply. */
    private static final class Recorder implements HeraldRest {
        final List<List<String>> calls = new ArrayList<>();
        final Reply reply;

        Recorder(Reply reply) {
            this.reply = reply;
        }

        @Override
        public Reply send(String method, String pathAndQuery, String jsonBody, String idempotencyKey) {
            calls.add(java.util.Arrays.asList(method, pathAndQuery, jsonBody, idempotencyKey));
            return reply;
        }
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void shouldDefineTheNineToolsWithObjectSchemasWhenLoaded() {
        List<String> names =
                tools.definitions().stream().map(McpSchema.Tool::name).toList();
        assertEquals(
                List.of(
                        "schedule_post",
                        "list_accounts",
                        "get_post",
                        "list_posts",
                        "cancel_post",
                        "retry_post",
                        "import_media",
                        "get_post_analytics",
                        "find_next_slot"),
                names);
        tools.definitions().forEach(tool -> {
            assertEquals("object", tool.inputSchema().get("type"), tool.name());
            assertFalse(tool.description().isBlank(), tool.name());
            assertEquals(false, tool.inputSchema().get("additionalProperties"), tool.name());
            assertTrue(tool.inputSchema().get("properties") instanceof Map<?, ?>, tool.name());
        });
    }

    @Test
    void shouldAnswerValidationFailedWithoutCallingTheApiWhenArgumentsBreakTheSchema() {
        Recorder api = new Recorder(new HeraldRest.Reply(200, "{}"));
        CallToolResult missing = tools.call("schedule_post", Map.of("account_ids", List.of("acct_1")), api);
        CallToolResult badId = tools.call("get_post", Map.of("post_id", "acct_123"), api);
        CallToolResult unknownField = tools.call("get_post", Map.of("post_id", "post_1", "verbose", true), api);
        CallToolResult badLimit = tools.call("list_posts", Map.of("limit", 500), api);

        for (CallToolResult result : List.of(missing, badId, unknownField, badLimit)) {
            assertTrue(result.isError(), text(result));
            assertTrue(text(result).contains("\"code\":\"validation_failed\""), text(result));
        }
        assertTrue(text(missing).contains("caption"), text(missing));
        assertTrue(api.calls.isEmpty(), "nothing reaches the API: " + api.calls);
    }

    @Test
    void shouldSendTheIdempotencyKeyAsAHeaderAndDeriveNoneWhenSchedulingAPost() {
        Recorder api = new Recorder(new HeraldRest.Reply(201, "{\"id\":\"post_1\",\"status\":\"scheduled\"}"));
        CallToolResult withKey = tools.call(
                "schedule_post",
                Map.of("caption", "Hi", "account_ids", List.of("acct_1"), "idempotency_key", "k-1"),
                api);
        tools.call("schedule_post", Map.of("caption", "Hi", "account_ids", List.of("acct_1")), api);

        assertFalse(withKey.isError());
        assertEquals("post_1", ((Map<?, ?>) withKey.structuredContent()).get("id"));
        assertEquals("POST", api.calls.get(0).get(0));
        assertEquals("/v1/posts", api.calls.get(0).get(1));
        assertFalse(
                api.calls.get(0).get(2).contains("idempotency_key"),
                api.calls.get(0).get(2));
        assertEquals("k-1", api.calls.get(0).get(3));
        assertNull(api.calls.get(1).get(3), "no key is made up");
    }

    @Test
    void shouldBuildEachRestCallWhenToolsTakePathAndQueryArguments() {
        Recorder api = new Recorder(new HeraldRest.Reply(200, "{\"data\":[],\"has_more\":false}"));
        tools.call("list_posts", Map.of("status", "scheduled", "scheduled_from", "2026-12-01T00:00:00Z"), api);
        tools.call("cancel_post", Map.of("post_id", "post_ABC"), api);
        tools.call("retry_post", Map.of("post_id", "post_ABC"), api);
        tools.call("find_next_slot", Map.of("account_id", "acct_X"), api);
        tools.call("get_post_analytics", Map.of("post_id", "post_ABC"), api);

        assertEquals(
                List.of(
                        "GET /v1/posts?status=scheduled&scheduled_from=2026-12-01T00%3A00%3A00Z",
                        "DELETE /v1/posts/post_ABC",
                        "POST /v1/posts/post_ABC/retry",
                        "GET /v1/find-slot?account_id=acct_X",
                        "GET /v1/analytics/posts/post_ABC"),
                api.calls.stream().map(call -> call.get(0) + " " + call.get(1)).toList());
    }

    @Test
    void shouldReturnHeraldsErrorAsAToolErrorWhenTheApiRefuses() {
        String body = "{\"error\":{\"code\":\"insufficient_scope\",\"message\":\"This key lacks the scope"
                + " 'posts:write'.\",\"request_id\":\"req_1\"}}";
        CallToolResult refused =
                tools.call("cancel_post", Map.of("post_id", "post_1"), new Recorder(new HeraldRest.Reply(403, body)));
        CallToolResult bare =
                tools.call("get_post", Map.of("post_id", "post_1"), new Recorder(new HeraldRest.Reply(502, "")));
        CallToolResult down = tools.call("get_post", Map.of("post_id", "post_1"), (m, p, b, k) -> {
            throw new java.io.UncheckedIOException(new java.net.ConnectException("Connection refused"));
        });

        assertTrue(refused.isError());
        assertEquals(body, text(refused));
        assertTrue(bare.isError());
        assertTrue(text(bare).contains("http_502"), text(bare));
        assertTrue(down.isError());
        assertTrue(text(down).contains("\"code\":\"unreachable\""), text(down));
    }
}
