package dev.herald.gateway.openapi;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Merges the services' OpenAPI documents into the gateway's fragment: paths, components (a same-named but different
 * component is renamed with the service's prefix, an identical one is shared), tags; then gives every operation the
 * shared error responses and checks that no two operations share an {@code operationId}. Pure: no I/O, so it is
 * tested with small fixture documents.
 */
public final class OpenApiMerger {

    /** A service's document, or why there is none. */
    public record Source(String service, ObjectNode document, String failure) {

        public static Source of(String service, ObjectNode document) {
            return new Source(service, document, null);
        }

        public static Source missing(String service, String failure) {
            return new Source(service, null, failure);
        }
    }

    public static final String MISSING_SERVICES = "x-herald-missing-services";
    /**
     * Marks a fragment operation whose error responses are exactly those it lists (e.g. {@code /v1/mcp}, answering
     * protocol errors as JSON-RPC, not Herald's error body); removed from the merged document.
     */
    static final String LISTED_ERRORS_ONLY = "x-herald-listed-errors-only";

    private static final Logger LOG = Logger.getLogger(OpenApiMerger.class);
    private static final String COMPONENTS_REF = "#/components/";
    private static final List<String> METHODS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Error statuses described once in the fragment's {@code components.responses}, each with the Error schema. */
    private static final Map<String, String> ERROR_RESPONSES = Map.of(
            "400", "BadRequest",
            "401", "Unauthorized",
            "403", "Forbidden",
            "404", "NotFound",
            "409", "Conflict",
            "413", "PayloadTooLarge",
            "422", "UnprocessableContent",
            "429", "TooManyRequests",
            "503", "ServiceUnavailable");

    private final BiPredicate<String, String> forwarded;

    /** @param forwarded whether the gateway forwards a path (second argument) to a service (first argument) */
    public OpenApiMerger(BiPredicate<String, String> forwarded) {
        this.forwarded = forwarded;
    }

    /** The merged document; {@code fragment} is not changed. */
    public ObjectNode merge(ObjectNode fragment, List<Source> sources) {
        ObjectNode merged = fragment.deepCopy();
        ArrayNode missing = merged.arrayNode();
        for (Source source : sources) {
            String failure = source.failure();
            if (failure == null) {
                failure = problemOf(source.document());
            }
            if (failure == null) {
                // Merged into a copy: a document that breaks half-way leaves nothing of itself behind.
                ObjectNode candidate = merged.deepCopy();
                try {
                    mergeService(candidate, source.service(), source.document());
                    merged = candidate;
                } catch (RuntimeException e) {
                    LOG.warnf(e, "OpenAPI document of %s could not be merged", source.service());
                    failure = "its document could not be merged: " + e.getMessage();
                }
            }
            if (failure != null) {
                missing.addObject().put("service", source.service()).put("reason", failure);
            }
        }
        if (!missing.isEmpty()) {
            merged.set(MISSING_SERVICES, missing);
        }
        addErrorResponses(merged);
        checkUniqueOperationIds(merged);
        return merged;
    }

    /**
     * The SDKs name their methods after the {@code operationId}s: two operations with one id would make a generated
     * client drop or misname one of them, so such a document is refused rather than served.
     *
     * @throws IllegalStateException naming the id and both operations
     */
    static void checkUniqueOperationIds(ObjectNode merged) {
        Map<String, String> seen = new HashMap<>();
        merged.path("paths").properties().forEach(path -> {
            for (String method : METHODS) {
                String id = path.getValue().path(method).path("operationId").asText("");
                if (id.isEmpty()) {
                    continue;
                }
                String operation = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                String first = seen.putIfAbsent(id, operation);
                if (first != null) {
                    throw new IllegalStateException(
                            "operationId '" + id + "' is used by both " + first + " and " + operation);
                }
            }
        });
    }

    private static String problemOf(ObjectNode document) {
        if (document == null) {
            return "no document";
        }
        if (!document.path("openapi").asText().startsWith("3.")) {
            return "not an OpenAPI 3 document";
        }
        return null;
    }

    private void mergeService(ObjectNode merged, String service, ObjectNode document) {
        ObjectNode components = merged.withObjectProperty("components");
        Map<String, Map<String, String>> renames = renames(components, document.path("components"), prefix(service));
        ObjectNode doc = (ObjectNode) rewriteRefs(document.deepCopy(), renames);

        doc.path("components").properties().forEach(type -> {
            if (type.getKey().equals("securitySchemes") || !type.getValue().isObject()) {
                return; // the public document has one scheme, the API key; the services' JWT is internal
            }
            ObjectNode target = components.withObjectProperty(type.getKey());
            Map<String, String> renamed = renames.getOrDefault(type.getKey(), Map.of());
            type.getValue().properties().forEach(component -> {
                String name = renamed.getOrDefault(component.getKey(), component.getKey());
                if (!target.has(name)) {
                    target.set(name, component.getValue());
                }
            });
        });

        ObjectNode paths = merged.withObjectProperty("paths");
        doc.path("paths").properties().forEach(path -> {
            if (!forwarded.test(service, path.getKey())) {
                return; // not reachable through the gateway
            }
            ObjectNode item = (ObjectNode) path.getValue();
            METHODS.forEach(method -> {
                if (item.get(method) instanceof ObjectNode operation) {
                    operation.remove("security"); // the global API-key requirement applies
                }
            });
            if (paths.get(path.getKey()) instanceof ObjectNode existing) {
                item.properties().forEach(field -> {
                    if (existing.has(field.getKey())) {
                        LOG.warnf("%s %s is documented twice; keeping the first", field.getKey(), path.getKey());
                    } else {
                        existing.set(field.getKey(), field.getValue());
                    }
                });
            } else {
                paths.set(path.getKey(), item);
            }
        });

        ArrayNode tags = merged.withArrayProperty("tags");
        Set<String> known = new HashSet<>();
        tags.forEach(tag -> known.add(tag.path("name").asText()));
        doc.path("tags").forEach(tag -> {
            if (known.add(tag.path("name").asText())) {
                tags.add(tag);
            }
        });
    }

    /**
     * Per component type, the service's names that must change: those naming something different in the merged
     * document. Repeated until stable, since renaming a schema changes the schemas that refer to it.
     */
    private static Map<String, Map<String, String>> renames(ObjectNode merged, JsonNode incoming, String prefix) {
        Map<String, Map<String, String>> renames = new HashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, JsonNode> type : incoming.properties()) {
                JsonNode existing = merged.path(type.getKey());
                for (Map.Entry<String, JsonNode> component : type.getValue().properties()) {
                    Map<String, String> renamed = renames.computeIfAbsent(type.getKey(), k -> new LinkedHashMap<>());
                    String name = component.getKey();
                    if (renamed.containsKey(name) || !existing.has(name)) {
                        continue;
                    }
                    JsonNode candidate = rewriteRefs(component.getValue().deepCopy(), renames);
                    if (!existing.get(name).equals(candidate)) {
                        renamed.put(name, freeName(prefix + name, existing, type.getValue(), renamed));
                        changed = true;
                    }
                }
            }
        }
        return renames;
    }

    private static String freeName(String wanted, JsonNode merged, JsonNode incoming, Map<String, String> renamed) {
        String name = wanted;
        for (int i = 2; merged.has(name) || incoming.has(name) || renamed.containsValue(name); i++) {
            name = wanted + i;
        }
        return name;
    }

    private static JsonNode rewriteRefs(JsonNode node, Map<String, Map<String, String>> renames) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(COMPONENTS_REF)) {
                String[] parts = ref.asText().substring(COMPONENTS_REF.length()).split("/", 2);
                String renamed = parts.length == 2
                        ? renames.getOrDefault(parts[0], Map.of()).get(parts[1])
                        : null;
                if (renamed != null) {
                    object.set("$ref", TextNode.valueOf(COMPONENTS_REF + parts[0] + "/" + renamed));
                }
            }
            object.properties().forEach(field -> rewriteRefs(field.getValue(), renames));
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> rewriteRefs(element, renames));
        }
        return node;
    }

    /**
     * Every error status an operation can answer, pointing at the one Error schema: the service's own (keeping its
     * description, which says when), and those the gateway adds to every call (401, 403, 429, 503) or to calls with
     * input (400, 413) or an id in the path (404). An operation marked {@link #LISTED_ERRORS_ONLY} keeps its responses
     * as written.
     */
    private static void addErrorResponses(ObjectNode merged) {
        merged.path("paths").properties().forEach(path -> {
            JsonNode item = path.getValue();
            boolean pathParams = path.getKey().contains("{");
            for (String method : METHODS) {
                if (!(item.get(method) instanceof ObjectNode operation)) {
                    continue;
                }
                if (operation.remove(LISTED_ERRORS_ONLY) != null) {
                    continue; // written as they are meant: shared ones already referenced
                }
                ObjectNode responses = operation.withObjectProperty("responses");
                Map<String, JsonNode> shared = new LinkedHashMap<>();
                responses.properties().forEach(response -> {
                    if (ERROR_RESPONSES.containsKey(response.getKey())) {
                        shared.put(
                                response.getKey(),
                                errorRef(response.getKey(), response.getValue().path("description")));
                    }
                });
                shared.forEach(responses::set);
                boolean open = operation.path("security").isArray()
                        && operation.path("security").isEmpty();
                if (open) {
                    continue;
                }
                boolean input = operation.has("requestBody")
                        || !operation.path("parameters").isEmpty()
                        || !item.path("parameters").isEmpty();
                for (String code : List.of("400", "401", "403", "404", "413", "429", "503")) {
                    boolean applies = switch (code) {
                        case "400" -> input;
                        case "404" -> pathParams;
                        case "413" -> operation.has("requestBody");
                        default -> true;
                    };
                    if (applies && !responses.has(code)) {
                        responses.set(code, errorRef(code, null));
                    }
                }
            }
        });
    }

    private static ObjectNode errorRef(String code, JsonNode description) {
        ObjectNode ref = JsonNodeFactory.instance
                .objectNode()
                .put("$ref", COMPONENTS_REF + "responses/" + ERROR_RESPONSES.get(code));
        // OpenAPI 3.1 lets a reference override the description: keep the service's "when" (e.g. which 409).
        if (description != null && description.isTextual() && !isGeneric(description.asText())) {
            ref.put("description", description.asText());
        }
        return ref;
    }

    private static boolean isGeneric(String description) {
        String text = description.trim().toLowerCase(Locale.ROOT);
        return text.isEmpty() || text.equals("bad request") || text.equals("not found");
    }

    /** {@code post-service} becomes {@code Post}: the prefix of its renamed components. */
    static String prefix(String service) {
        StringBuilder prefix = new StringBuilder();
        for (String word : service.replace("-service", "").split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                prefix.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return prefix.toString();
    }
}
