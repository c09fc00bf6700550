package dev.herald.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class OpenApiMergerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FRAGMENT = """
            {"openapi": "3.1.0", "info": {"title": "Herald API", "version": "1"},
             "security": [{"ApiKey": []}],
             "paths": {"/v1/openapi.json": {"get": {"security": [], "responses": {"200": {"description": "doc"}}}},
                       "/v1/me": {"get": {"responses": {"200": {"description": "me"}}}}},
             "components": {
               "securitySchemes": {"ApiKey": {"type": "http", "scheme": "bearer"}},
               "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object"}}}}}}
            """;
    private static final String MEDIA = """
            {"openapi": "3.1.0",
             "tags": [{"name": "Media"}],
             "paths": {
               "/v1/media": {"get": {"tags": ["Media"], "security": [{"SecurityScheme": []}],
                 "responses": {"200": {"description": "OK", "content": {"application/json":
                   {"schema": {"$ref": "#/components/schemas/PageItem"}}}}}}},
               "/v1/media/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true}],
                 "responses": {"200": {"description": "OK", "content": {"application/json":
                   {"schema": {"$ref": "#/components/schemas/Item"}}}},
                   "404": {"description": "Not Found"}}}},
               "/q/internal": {"get": {"responses": {"200": {"description": "OK"}}}}},
             "components": {
               "securitySchemes": {"SecurityScheme": {"type": "openIdConnect"}},
               "schemas": {
                 "Instant": {"type": "string", "format": "date-time"},
                 "Item": {"type": "object", "properties": {"id": {"type": "string"},
                   "created_at": {"$ref": "#/components/schemas/Instant"}}},
                 "PageItem": {"type": "object", "properties": {"data": {"type": "array",
                   "items": {"$ref": "#/components/schemas/Item"}}}}}}}
            """;
    private static final String ANALYTICS = """
            {"openapi": "3.1.0",
             "tags": [{"name": "Analytics"}, {"name": "Media"}],
             "paths": {
               "/v1/analytics": {"post": {"requestBody": {"content": {"application/json":
                   {"schema": {"$ref": "#/components/schemas/PageItem"}}}},
                 "responses": {"200": {"description": "OK", "content": {"application/json":
                   {"schema": {"$ref": "#/components/schemas/Item"}}}},
                   "409": {"description": "The post is already analysed (already_analysed)"}}}}},
             "components": {"schemas": {
               "Instant": {"type": "string", "format": "date-time"},
               "Item": {"type": "object", "properties": {"post_id": {"type": "string"}}},
               "PageItem": {"type": "object", "properties": {"data": {"type": "array",
                 "items": {"$ref": "#/components/schemas/Item"}}}}}}}
            """;

    private final OpenApiMerger merger =
            new OpenApiMerger((service, path) -> path.startsWith("/v1/" + service.replace("-service", "")));

    @Test
    void shouldPrefixAClashingComponentAndItsReferencesWhenTwoServicesDefineItDifferently() throws Exception {
        ObjectNode merged = merger.merge(
                parse(FRAGMENT),
                List.of(
                        OpenApiMerger.Source.of("media-service", parse(MEDIA)),
                        source("analytics-service", ANALYTICS)));

        JsonNode schemas = merged.at("/components/schemas");
        assertEquals("string", schemas.at("/Item/properties/id/type").asText(), "the first keeps the name");
        assertEquals(
                "string", schemas.at("/AnalyticsItem/properties/post_id/type").asText());
        // PageItem is textually the same in both, but refers to a different Item: it is renamed too.
        assertEquals(
                "#/components/schemas/Item",
                schemas.at("/PageItem/properties/data/items/$ref").asText());
        assertEquals(
                "#/components/schemas/AnalyticsItem",
                schemas.at("/AnalyticsPageItem/properties/data/items/$ref").asText());
        JsonNode analytics = merged.at("/paths/~1v1~1analytics/post");
        assertEquals(
                "#/components/schemas/AnalyticsItem",
                analytics
                        .at("/responses/200/content/application~1json/schema/$ref")
                        .asText());
        assertEquals(
                "#/components/schemas/AnalyticsPageItem",
                analytics
                        .at("/requestBody/content/application~1json/schema/$ref")
                        .asText());
        assertEquals(
                "#/components/schemas/PageItem",
                merged.at("/paths/~1v1~1media/get/responses/200/content/application~1json/schema/$ref")
                        .asText());
    }

    @Test
    void shouldShareAComponentWhenServicesDefineItIdentically() throws Exception {
        ObjectNode merged = merger.merge(
                parse(FRAGMENT), List.of(source("media-service", MEDIA), source("analytics-service", ANALYTICS)));

        assertTrue(merged.at("/components/schemas/Instant").isObject());
        assertFalse(merged.at("/components/schemas").has("AnalyticsInstant"));
        List<String> tags = new ArrayList<>();
        merged.get("tags").forEach(tag -> tags.add(tag.path("name").asText()));
        assertEquals(List.of("Media", "Analytics"), tags, "tags are merged by name");
    }

    @Test
    void shouldListTheServiceAndLeaveOutItsPathsWhenItsDocumentIsMissing() throws Exception {
        ObjectNode merged = merger.merge(
                parse(FRAGMENT),
                List.of(
                        OpenApiMerger.Source.missing("media-service", "unreachable (ConnectException)"),
                        source("analytics-service", ANALYTICS)));

        JsonNode missing = merged.get(OpenApiMerger.MISSING_SERVICES);
        assertEquals(1, missing.size());
        assertEquals("media-service", missing.at("/0/service").asText());
        assertEquals("unreachable (ConnectException)", missing.at("/0/reason").asText());
        assertFalse(merged.at("/paths").has("/v1/media"));
        assertTrue(merged.at("/paths").has("/v1/analytics"));
        assertTrue(merged.at("/paths").has("/v1/me"), "the gateway's own routes are always there");
        assertEquals("object", merged.at("/components/schemas/Item/type").asText(), "no clash, no prefix");
    }

    @Test
    void shouldListTheServiceWhenItAnswersSomethingElseThanOpenApi() throws Exception {
        ObjectNode merged = merger.merge(parse(FRAGMENT), List.of(source("media-service", "{\"echo\": true}")));

        assertEquals(
                "not an OpenAPI 3 document",
                merged.at("/x-herald-missing-services/0/reason").asText());
        assertEquals(2, merged.at("/paths").size());
    }

    @Test
    void shouldKeepOnlyForwardedPathsAndTheApiKeySchemeWhenMergingAService() throws Exception {
        ObjectNode merged = merger.merge(parse(FRAGMENT), List.of(source("media-service", MEDIA)));

        assertFalse(merged.at("/paths").has("/q/internal"), "not forwarded by the gateway");
        assertFalse(merged.at("/components/securitySchemes").has("SecurityScheme"));
        assertTrue(merged.at("/paths/~1v1~1media/get").has("tags"));
        assertFalse(merged.at("/paths/~1v1~1media/get").has("security"), "the global API key applies");
        assertFalse(merged.has(OpenApiMerger.MISSING_SERVICES));
    }

    @Test
    void shouldPointEveryErrorResponseAtTheSharedOnesWhenMerging() throws Exception {
        ObjectNode merged = merger.merge(
                parse(FRAGMENT), List.of(source("media-service", MEDIA), source("analytics-service", ANALYTICS)));

        JsonNode one = merged.at("/paths/~1v1~1media~1{id}/get/responses");
        assertEquals("#/components/responses/NotFound", one.at("/404/$ref").asText());
        assertFalse(one.get("404").has("description"), "a generic description adds nothing");
        assertEquals("#/components/responses/BadRequest", one.at("/400/$ref").asText(), "it takes a parameter");
        for (String code : List.of("401", "403", "429", "503")) {
            assertTrue(one.at("/" + code + "/$ref").asText().startsWith("#/components/responses/"), code);
        }
        JsonNode post = merged.at("/paths/~1v1~1analytics/post/responses");
        assertEquals("#/components/responses/Conflict", post.at("/409/$ref").asText());
        assertEquals(
                "The post is already analysed (already_analysed)",
                post.at("/409/description").asText(),
                "the service says which conflict");
        assertEquals(
                "#/components/responses/PayloadTooLarge", post.at("/413/$ref").asText());
        assertFalse(post.has("404"), "no id in the path");
        assertFalse(merged.at("/paths/~1v1~1media/get/responses").has("400"), "no input");
        assertEquals(
                1,
                merged.at("/paths/~1v1~1openapi.json/get/responses").size(),
                "the public document needs no key, so it gets no 401");
    }

    @Test
    void shouldRefuseToMergeWhenTwoServicesGiveTheSameOperationId() throws Exception {
        String media = MEDIA.replace(
                "\"get\": {\"tags\": [\"Media\"],", "\"get\": {\"tags\": [\"Media\"], \"operationId\": \"list\",");
        String analytics = ANALYTICS.replace("\"post\": {", "\"post\": {\"operationId\": \"list\", ");

        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> merger.merge(
                        parse(FRAGMENT),
                        List.of(source("media-service", media), source("analytics-service", analytics))));

        assertEquals("operationId 'list' is used by both GET /v1/media and POST /v1/analytics", refused.getMessage());
    }

    @Test
    void shouldKeepEveryOperationIdWhenTheyDiffer() throws Exception {
        String media = MEDIA.replace(
                "\"get\": {\"tags\": [\"Media\"],", "\"get\": {\"tags\": [\"Media\"], \"operationId\": \"listMedia\",");
        String analytics = ANALYTICS.replace("\"post\": {", "\"post\": {\"operationId\": \"getAnalytics\", ");

        ObjectNode merged = merger.merge(
                parse(FRAGMENT), List.of(source("media-service", media), source("analytics-service", analytics)));

        assertEquals(
                "listMedia", merged.at("/paths/~1v1~1media/get/operationId").asText());
        assertEquals(
                "getAnalytics",
                merged.at("/paths/~1v1~1analytics/post/operationId").asText());
    }

    @Test
    void shouldKeepTheListedErrorsOnlyWhenAnOperationIsMarkedSo() throws Exception {
        ObjectNode fragment = parse(FRAGMENT);
        ObjectNode mcp = (ObjectNode) JSON.readTree("""
                {"security": [{"ApiKey": []}], "x-herald-listed-errors-only": true,
                 "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                 "responses": {"200": {"description": "answer"},
                   "400": {"description": "JSON-RPC error", "content": {"application/json":
                     {"schema": {"$ref": "#/components/schemas/JsonRpcError"}}}},
                   "401": {"$ref": "#/components/responses/Unauthorized"}}}
                """);
        fragment.withObjectProperty("paths").withObjectProperty("/v1/mcp").set("post", mcp);

        ObjectNode merged = merger.merge(fragment, List.of());

        JsonNode post = merged.at("/paths/~1v1~1mcp/post");
        assertFalse(post.has(OpenApiMerger.LISTED_ERRORS_ONLY), "the marker is the gateway's, not the public's");
        assertEquals(List.of("200", "400", "401"), names(post.get("responses")), "nothing added");
        assertEquals(
                "#/components/schemas/JsonRpcError",
                post.at("/responses/400/content/application~1json/schema/$ref").asText(),
                "its own 400 is not Herald's error body");
    }

    @Test
    void shouldNameThePrefixAfterTheServiceWhenRenaming() {
        assertEquals("Post", OpenApiMerger.prefix("post-service"));
        assertEquals("Publisher", OpenApiMerger.prefix("publisher-service"));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static OpenApiMerger.Source source(String service, String document) throws JsonProcessingException {
        return OpenApiMerger.Source.of(service, parse(document));
    }

    private static ObjectNode parse(String json) throws JsonProcessingException {
        return (ObjectNode) JSON.readTree(json);
    }
}
