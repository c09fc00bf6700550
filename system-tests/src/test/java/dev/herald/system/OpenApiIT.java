package dev.herald.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.gateway.proxy.ServiceRoutes;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * The public {@code /v1/openapi.json} of the running stack: a valid OpenAPI 3.1 document that describes every prefix
 * the gateway forwards and every JAX-RS operation of every service, found in their compiled classes.
 */
class OpenApiIT {

    /**
     * Forwarded by the gateway but served by no service yet (none today). Checked below: once a service serves one,
     * this test fails until it is removed from here, and from then on it must be documented.
     */
    private static final Set<String> FORWARDED_BUT_NOT_SERVED = Set.of();

    private static final List<String> SERVICES =
            List.of("post-service", "media-service", "publisher-service", "webhook-service", "analytics-service");
    /** Served by the gateway itself (docs/mcp.md). */
    private static final String MCP_PATH = "/v1/mcp";

    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    private static HeraldStack stack;
    private static String json;
    private static OpenAPI api;

    @BeforeAll
    static void start() {
        Path data = HeraldPaths.root().resolve("system-tests/target/stack-openapi-" + System.currentTimeMillis());
        stack = HeraldStack.start(HeraldStack.Options.forTests(data, "openapi-" + UUID.randomUUID()));
        // Public: no Authorization header.
        json = given().baseUri(stack.gatewayUrl())
                .get("/v1/openapi.json")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertEquals(List.of(), result.getMessages(), "the parser reports no problem");
        api = result.getOpenAPI();
        assertNotNull(api);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * The spec is the single source of the SDKs: the committed {@code sdk/openapi.json} must be what the stack serves.
     * With {@code HERALD_UPDATE_SPEC=true} (tools/sdk/update-spec.sh) the served document is written there instead.
     */
    @Test
    void shouldServeTheCommittedSpecWhenTheSdksAreGeneratedFromIt() throws IOException {
        Path committed = HeraldPaths.root().resolve(SpecFile.PATH);
        JsonNode served = SpecFile.JSON.readTree(json);
        assertFalse(served.has("x-herald-missing-services"), "every service contributed: " + json);
        if (Boolean.parseBoolean(System.getenv("HERALD_UPDATE_SPEC"))) {
            Files.writeString(committed, SpecFile.canonical(served));
        }
        assertTrue(Files.exists(committed), committed + " is missing: run tools/sdk/update-spec.sh");
        List<String> differences = SpecFile.differences(SpecFile.JSON.readTree(committed.toFile()), served);
        assertEquals(
                List.of(),
                differences,
                SpecFile.PATH + " differs from the served /v1/openapi.json (first " + differences.size()
                        + " differences; if the API change is intended, run tools/sdk/update-spec.sh and commit)");
        assertEquals(
                SpecFile.canonical(served),
                Files.readString(committed),
                SpecFile.PATH + " is not in canonical form (sorted keys): run tools/sdk/update-spec.sh");
    }

    @Test
    void shouldBeACompleteOpenApi31DocumentWhenEveryServiceIsUp() {
        assertTrue(api.getOpenapi().startsWith("3.1."), api.getOpenapi());
        assertTrue(
                api.getExtensions() == null || !api.getExtensions().containsKey("x-herald-missing-services"),
                "every service contributed: " + json);
        assertEquals(
                "bearer", api.getComponents().getSecuritySchemes().get("ApiKey").getScheme());
        assertEquals(List.of("ApiKey"), List.copyOf(api.getSecurity().get(0).keySet()));
        // The error parts come from service-kit's ApiError in every service and from the gateway's fragment: one each.
        Set<String> errorSchemas =
                new TreeSet<>(api.getComponents().getSchemas().keySet());
        errorSchemas.removeIf(name -> !name.startsWith("Error") && !name.matches(".*Error(Body|Detail)$"));
        assertEquals(Set.of("Error", "ErrorBody", "ErrorDetail"), errorSchemas);
    }

    @Test
    void shouldDescribeEveryPrefixTheGatewayForwardsWhenMerged() {
        for (String prefix : ServiceRoutes.OWNERS.keySet()) {
            boolean documented =
                    api.getPaths().keySet().stream().anyMatch(p -> p.equals(prefix) || p.startsWith(prefix + "/"));
            if (FORWARDED_BUT_NOT_SERVED.contains(prefix)) {
                assertFalse(documented, prefix + " is documented: remove it from FORWARDED_BUT_NOT_SERVED");
                assertTrue(
                        jaxRsOperations().stream().noneMatch(op -> op.path().startsWith(prefix)),
                        prefix + " is served now: remove it from FORWARDED_BUT_NOT_SERVED");
            } else {
                assertTrue(documented, prefix + " is forwarded but absent from /v1/openapi.json");
            }
        }
        for (String own : List.of(
                "/v1/me",
                "/v1/api-keys",
                "/v1/api-keys/{id}/rotate",
                "/v1/api-keys/{id}",
                "/v1/workspaces",
                "/v1/workspaces/{id}")) {
            assertTrue(api.getPaths().containsKey(own), own);
        }
    }

    /** The gateway's MCP server (docs/mcp.md) is part of the API: its three methods, with the API key. */
    @Test
    void shouldDescribeTheMcpEndpointWhenTheGatewayServesIt() {
        PathItem mcp = api.getPaths().get(MCP_PATH);
        assertNotNull(mcp, MCP_PATH + " is documented");
        for (Operation operation : List.of(mcp.getPost(), mcp.getGet(), mcp.getDelete())) {
            assertNotNull(operation);
            assertEquals(
                    List.of("ApiKey"),
                    List.copyOf(operation.getSecurity().get(0).keySet()));
            assertTrue(operation.getDescription().contains("docs/mcp.md"), operation.getDescription());
            assertTrue(operation.getResponses().containsKey("401"), operation.getOperationId());
            assertTrue(operation.getResponses().containsKey("429"), operation.getOperationId());
        }
        Set<String> answers =
                mcp.getPost().getResponses().get("200").getContent().keySet();
        assertEquals(Set.of("application/json", "text/event-stream"), answers);
    }

    /** The SDKs name their methods after the operationIds: every operation has one, and no two the same. */
    @Test
    void shouldGiveEveryOperationAUniqueOperationIdWhenMerged() {
        List<String> ids = new ArrayList<>();
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    String id = operation.getOperationId();
                    assertTrue(
                            id != null && id.matches("[a-z][A-Za-z0-9]*"), method + " " + path + ": operationId " + id);
                    ids.add(id);
                }));
        assertEquals(ids.size(), new TreeSet<>(ids).size(), "an operationId is used twice: " + ids);
        for (String expected : List.of(
                "listPosts", "createPost", "getPost", "cancelPost", "retryPost", "uploadMedia", "createWebhook")) {
            assertTrue(ids.contains(expected), expected + " in " + ids);
        }
    }

    /** A Jackson tree ({@code JsonNode}) is free-form JSON, not a bean of its getters (nodeType, array, textual...). */
    @Test
    void shouldDescribeNoJacksonTreeAsABeanWhenMerged() throws IOException {
        List<String> beans = new ArrayList<>();
        findJacksonBeans("", SpecFile.JSON.readTree(json), beans);
        assertEquals(List.of(), beans, "schemas with JsonNode's getters as properties");
        assertFalse(api.getComponents().getSchemas().containsKey("JsonNode"), "no schema named after Jackson's class");
    }

    private static void findJacksonBeans(String pointer, JsonNode node, List<String> found) {
        JsonNode properties = node.path("properties");
        if (properties.isObject() && (properties.has("nodeType") || properties.has("node_type"))) {
            found.add(pointer);
        }
        if (node.isContainerNode()) {
            node.fields()
                    .forEachRemaining(
                            field -> findJacksonBeans(pointer + "/" + field.getKey(), field.getValue(), found));
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                findJacksonBeans(pointer + "/" + i, node.get(i), found);
            }
        }
    }

    @Test
    void shouldDescribeEveryJaxRsOperationOfEveryServiceWhenMerged() {
        List<JaxRsOperation> operations = jaxRsOperations();
        assertTrue(operations.size() >= 25, "found the resources: " + operations);
        for (JaxRsOperation op : operations) {
            PathItem item = api.getPaths().get(op.path());
            if (!forwarded(op.path())) {
                // Not reachable through the gateway (e.g. a test hook): it must not be advertised either.
                assertTrue(item == null || item.readOperationsMap().isEmpty(), op + " is not public but documented");
                continue;
            }
            assertNotNull(item, op + " is missing");
            Operation operation = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(op.method()));
            assertNotNull(operation, op + " is missing");
        }
    }

    @Test
    void shouldGiveEveryOperationSchemasAndTheSharedErrorsWhenMerged() {
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    String name = method + " " + path;
                    if (operation.getRequestBody() != null) {
                        assertSchemas(
                                name + " request", operation.getRequestBody().getContent());
                    }
                    boolean success = false;
                    for (Map.Entry<String, ApiResponse> response :
                            operation.getResponses().entrySet()) {
                        String code = response.getKey();
                        ApiResponse answer = resolve(response.getValue());
                        if (code.equals("202") && answer.getContent() == null) {
                            success = true; // accepted, nothing to say (an MCP notification)
                        } else if (code.startsWith("2") && !code.equals("204")) {
                            assertSchemas(name + " " + code, answer.getContent());
                            success = true;
                        } else if (code.startsWith("4")
                                && path.equals(MCP_PATH)
                                && response.getValue().get$ref() == null) {
                            // The MCP transport's own refusals are JSON-RPC errors, as the protocol wants.
                            assertEquals(
                                    "#/components/schemas/JsonRpcError",
                                    answer.getContent()
                                            .get("application/json")
                                            .getSchema()
                                            .get$ref(),
                                    name + " " + code);
                        } else if (code.startsWith("4") || code.startsWith("5")) {
                            assertTrue(
                                    response.getValue().get$ref() != null, name + " " + code + " is a shared response");
                            assertSchemas(name + " " + code, answer.getContent());
                            assertEquals(
                                    "#/components/schemas/Error",
                                    answer.getContent()
                                            .get("application/json")
                                            .getSchema()
                                            .get$ref(),
                                    name + " " + code);
                        }
                    }
                    assertTrue(
                            success || operation.getResponses().containsKey("204"), name + " has no success response");
                    if (operation.getSecurity() == null) {
                        for (String code : List.of("401", "403", "429")) {
                            assertTrue(operation.getResponses().containsKey(code), name + " lacks " + code);
                        }
                    }
                }));
        assertNotNull(
                api.getPaths()
                        .get("/v1/posts")
                        .getPost()
                        .getRequestBody()
                        .getContent()
                        .get("application/json")
                        .getExamples(),
                "create post has examples");
        assertTrue(
                api.getComponents()
                        .getSchemas()
                        .get("CreatePostRequest")
                        .getProperties()
                        .containsKey("account_ids"),
                "schemas say snake_case, as the JSON is");
    }

    /** The shared response a {@code $ref} points at (the parser keeps local references as they are). */
    private static ApiResponse resolve(ApiResponse response) {
        String ref = response.get$ref();
        if (ref == null) {
            return response;
        }
        ApiResponse shared = api.getComponents().getResponses().get(ref.substring(ref.lastIndexOf('/') + 1));
        assertNotNull(shared, ref);
        return shared;
    }

    private static void assertSchemas(String what, io.swagger.v3.oas.models.media.Content content) {
        assertNotNull(content, what + " has no content");
        for (MediaType media : content.values()) {
            assertNotNull(media.getSchema(), what + " has no schema");
        }
    }

    private static boolean forwarded(String path) {
        return ServiceRoutes.OWNERS.keySet().stream()
                .anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    /** A JAX-RS operation found in a service's compiled classes. */
    record JaxRsOperation(String service, String method, String path) {}

    private static List<JaxRsOperation> jaxRsOperations() {
        List<JaxRsOperation> operations = new ArrayList<>();
        for (String service : SERVICES) {
            Index index = index(HeraldPaths.root().resolve(service).resolve("target/classes"));
            for (AnnotationInstance annotation : index.getAnnotations(PATH)) {
                if (annotation.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.CLASS) {
                    continue;
                }
                ClassInfo resource = annotation.target().asClass();
                String base = annotation.value().asString();
                for (MethodInfo method : resource.methods()) {
                    for (String http : HTTP_METHODS) {
                        if (method.hasDeclaredAnnotation(DotName.createSimple("jakarta.ws.rs." + http))) {
                            AnnotationInstance sub = method.declaredAnnotation(PATH);
                            String path =
                                    join(base, sub == null ? "" : sub.value().asString());
                            operations.add(new JaxRsOperation(service, http.toUpperCase(Locale.ROOT), path));
                        }
                    }
                }
            }
        }
        return operations;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Index index(Path classes) {
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Not built? " + classes, e);
        }
        return indexer.complete();
    }
}
