package dev.herald.publisher.connector.facebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import dev.herald.publisher.connector.StubHttp;

/**
 * What the Meta stubs (Facebook, Instagram) share: Graph parameters (query and form body), answers, Graph errors
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling). Fetching a file from a URL, as Meta's servers
 * do, is {@link StubHttp#fetch}.
 */
public final class MetaStubs {

    public static final ObjectMapper JSON = new ObjectMapper();

    private MetaStubs() {}

    /** The query and, for a form post, the body: Graph takes parameters in either. */
    public static Map<String, String> params(HttpExchange exchange) throws IOException {
        Map<String, String> params =
                new HashMap<>(StubHttp.form(exchange.getRequestURI().getRawQuery()));
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            params.putAll(StubHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        }
        return params;
    }

    public static void ok(HttpExchange exchange, ObjectNode body) throws IOException {
        StubHttp.send(exchange, 200, "application/json", body.toString());
    }

    /** {@code {"error": {message, type, code, error_subcode?, fbtrace_id}}}. */
    public static void error(HttpExchange exchange, int status, String type, int code, int subcode, String message)
            throws IOException {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode body = error.putObject("error")
                .put("message", message)
                .put("type", type)
                .put("code", code);
        if (subcode > 0) {
            body.put("error_subcode", subcode);
        }
        body.put("fbtrace_id", "A" + UUID.randomUUID().toString().substring(0, 10));
        StubHttp.send(exchange, status, "application/json", error.toString());
    }
}
