package dev.herald.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * Herald's MCP tools: their definitions (names, descriptions, input schemas in {@code tools.json}, shared by the
 * gateway's {@code /v1/mcp} and the CLI's {@code herald mcp}) and how each maps to one REST call. Business rules stay
 * in the services: a tool only checks its arguments' shape, then relays the API's answer or error.
 */
public final class HeraldTools {

    /** The definitions, a JSON array of MCP {@code Tool} objects. */
    public static final String DEFINITIONS = "/dev/herald/mcp/tools.json";

    public static final String SERVER_NAME = "herald";

    static final String INSTRUCTIONS = "Herald schedules and publishes posts to social networks. Find account ids"
            + " (acct_...) with list_accounts, then schedule_post; follow a post with get_post. Pass an"
            + " idempotency_key to schedule_post when you may retry it. Errors come back as tool results with"
            + " isError true and {\"error\": {\"code\", \"message\", \"details\"}} as Herald's REST API gives them.";

    private final McpJsonMapper json;
    private final JsonSchemaValidator validator;
    private final Map<String, McpSchema.Tool> tools;

    public HeraldTools() {
        this.json = McpJsonDefaults.getMapper();
        this.validator = McpJsonDefaults.getSchemaValidator();
        this.tools = load(json);
    }

    private static Map<String, McpSchema.Tool> load(McpJsonMapper json) {
        try (InputStream in = HeraldTools.class.getResourceAsStream(DEFINITIONS)) {
            List<McpSchema.Tool> list =
                    json.readValue(Objects.requireNonNull(in, DEFINITIONS).readAllBytes(), new TypeRef<>() {});
            Map<String, McpSchema.Tool> byName = new LinkedHashMap<>();
            list.forEach(tool -> byName.put(tool.name(), tool));
            return byName;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFINITIONS, e);
        }
    }

    /** The tools as clients list them. */
    public List<McpSchema.Tool> definitions() {
        return List.copyOf(tools.values());
    }

    /**
     * Sets up a server with Herald's name, instructions and tools; {@code rest} gives, per call, the REST API as the
     * calling client (the gateway: the key of the HTTP request; the CLI: its stored key).
     */
    public <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(
            McpServer.SyncSpecification<S> spec, Function<McpSyncServerExchange, HeraldRest> rest) {
        return spec.serverInfo(SERVER_NAME, version())
                .instructions(INSTRUCTIONS)
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                // Checked in call() instead, so a bad argument reads like the REST API's 400 (code validation_failed).
                .validateToolInputs(false)
                .tools(specifications(rest));
    }

    private List<SyncToolSpecification> specifications(Function<McpSyncServerExchange, HeraldRest> rest) {
        return tools.values().stream()
                .map(tool -> SyncToolSpecification.builder()
                        .tool(tool)
                        .callHandler(
                                (exchange, request) -> call(tool.name(), request.arguments(), rest.apply(exchange)))
                        .build())
                .toList();
    }

    /**
     * Runs one tool: its arguments checked against its schema, then one REST call. Every failure is a result with
     * {@code isError: true} and Herald's error object, never an exception, so a client sees why.
     */
    public CallToolResult call(String name, Map<String, Object> arguments, HeraldRest rest) {
        McpSchema.Tool tool = tools.get(name);
        if (tool == null) {
            return error("not_found", "No such tool: " + name + ".");
        }
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        JsonSchemaValidator.ValidationResponse valid = validator.validate(tool.inputSchema(), args);
        if (!valid.valid()) {
            return error("validation_failed", "Invalid arguments for " + name + ": " + valid.errorMessage());
        }
        Call call = Call.of(name, args, this::toJson);
        HeraldRest.Reply reply;
        try {
            reply = rest.send(call.method(), call.path(), call.body(), call.idempotencyKey());
        } catch (UncheckedIOException e) {
            return error("unreachable", "Herald cannot be reached: " + e.getMessage());
        }
        return result(reply);
    }

    /** Herald's answer as the tool's result: the JSON as text, and as structured content when it is an object. */
    CallToolResult result(HeraldRest.Reply reply) {
        Object parsed = parse(reply.body());
        if (!reply.ok()) {
            if (parsed instanceof Map<?, ?> map
                    && map.get("error") instanceof Map<?, ?> error
                    && error.get("code") != null) {
                return CallToolResult.builder()
                        .addTextContent(reply.body())
                        .structuredContent(map)
                        .isError(true)
                        .build();
            }
            // Not Herald's error format (a proxy's page, an empty 502): the status stands for the code.
            return error("http_" + reply.status(), "Herald answered HTTP " + reply.status() + ".");
        }
        if (parsed == null) {
            // 204 and the like: nothing to show but that it worked.
            return CallToolResult.builder()
                    .addTextContent("{}")
                    .structuredContent(Map.of())
                    .isError(false)
                    .build();
        }
        CallToolResult.Builder ok =
                CallToolResult.builder().addTextContent(reply.body()).isError(false);
        if (parsed instanceof Map<?, ?>) {
            ok.structuredContent(parsed);
        }
        return ok.build();
    }

    CallToolResult error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = Map.of("error", error);
        return CallToolResult.builder()
                .addTextContent(toJson(body))
                .structuredContent(body)
                .isError(true)
                .build();
    }

    private Object parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readValue(body, Object.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String version() {
        String version = HeraldTools.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0" : version;
    }

    /** One REST call a tool stands for. */
    record Call(String method, String path, String body, String idempotencyKey) {

        static Call of(String tool, Map<String, Object> args, Function<Object, String> toJson) {
            return switch (tool) {
                case "schedule_post" -> {
                    Map<String, Object> body = new LinkedHashMap<>(args);
                    Object key = body.remove("idempotency_key");
                    yield new Call("POST", "/v1/posts", toJson.apply(body), key == null ? null : key.toString());
                }
                case "list_accounts" -> get("/v1/accounts", args, "platform", "status", "limit", "cursor");
                case "get_post" -> get("/v1/posts/" + segment(args.get("post_id")), args);
                case "list_posts" ->
                    get(
                            "/v1/posts",
                            args,
                            "status",
                            "platform",
                            "account_id",
                            "scheduled_from",
                            "scheduled_to",
                            "limit",
                            "cursor");
                case "cancel_post" -> new Call("DELETE", "/v1/posts/" + segment(args.get("post_id")), null, null);
                case "retry_post" ->
                    new Call("POST", "/v1/posts/" + segment(args.get("post_id")) + "/retry", "{}", null);
                case "import_media" -> new Call("POST", "/v1/media/import", toJson.apply(args), null);
                case "get_post_analytics" -> get("/v1/analytics/posts/" + segment(args.get("post_id")), args);
                case "find_next_slot" -> get("/v1/find-slot", args, "account_id");
                default -> throw new IllegalArgumentException("No REST call for tool " + tool);
            };
        }

        private static Call get(String path, Map<String, Object> args, String... query) {
            String params = java.util.Arrays.stream(query)
                    .filter(name -> args.get(name) != null)
                    .map(name -> encode(name) + "=" + encode(String.valueOf(args.get(name))))
                    .collect(Collectors.joining("&"));
            return new Call("GET", params.isEmpty() ? path : path + "?" + params, null, null);
        }

        private static String segment(Object value) {
            return encode(String.valueOf(value)).replace("+", "%20");
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
