package dev.herald.cli.output;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.cli.api.HeraldApi;

import picocli.CommandLine.Option;

/** {@code --limit}, {@code --cursor} and {@code --all} of a list command; fetches one page or follows every cursor. */
public final class Pages {

    @Option(names = "--limit", description = "Items per page, 1–100 (the API's default: 20).")
    Integer limit;

    @Option(names = "--cursor", description = "The next_cursor of the previous page.")
    String cursor;

    @Option(names = "--all", description = "Every page, one after the other (one list, has_more false).")
    boolean all;

    /** One page as the API gave it, or with {@code --all} every page's {@code data} in one list. */
    public JsonNode fetch(HeraldApi api, String path, Map<String, ?> filters) {
        Map<String, Object> query = new LinkedHashMap<>(filters);
        query.put("limit", limit == null && all ? Integer.valueOf(100) : limit);
        query.put("cursor", cursor);
        JsonNode page = api.get(path, query);
        if (!all) {
            return page;
        }
        ObjectNode merged = HeraldApi.JSON.createObjectNode();
        ArrayNode data = merged.putArray("data");
        while (true) {
            if (page.path("data").isArray()) {
                data.addAll((ArrayNode) page.get("data"));
            }
            if (!page.path("has_more").asBoolean(false) || !page.hasNonNull("next_cursor")) {
                break;
            }
            query.put("cursor", page.get("next_cursor").asText());
            page = api.get(path, query);
        }
        merged.put("has_more", false);
        return merged;
    }
}
