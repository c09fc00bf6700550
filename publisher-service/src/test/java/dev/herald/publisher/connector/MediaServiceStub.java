package dev.herald.publisher.connector;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * media-service's {@code /internal} API as the publisher reads it, for connector tests that publish files without
 * the whole stack: a ready file's description ({@code GET /internal/media/:id}), its bytes ({@code /content}) and a
 * public URL ({@code POST /public-url}) the platform stubs fetch the same bytes from. An unknown id is 404.
 */
public class MediaServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, File> FILES = new ConcurrentHashMap<>();
    private static volatile String base;

    private HttpServer server;

    /** A ready file of the workspace media library. */
    public record File(String kind, String mimeType, byte[] bytes, String altText) {}

    /** Adds a ready file; answers its media id. */
    public static String add(String kind, String mimeType, byte[] bytes, String altText) {
        String id = "med_" + UUID.randomUUID().toString().replace("-", "");
        FILES.put(id, new File(kind, mimeType, bytes, altText));
        return id;
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.start(Map.of("/internal/media/", this::internal, "/public/", this::open));
        base = StubHttp.baseUrl(server);
        return Map.of("herald.publisher.media.service-url", base);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void internal(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI()
                .getPath()
                .substring("/internal/media/".length())
                .split("/");
        File file = FILES.get(path[0]);
        if (file == null || exchange.getRequestHeaders().getFirst("Authorization") == null) {
            StubHttp.send(exchange, 404, "application/json", "{\"error\":{\"code\":\"media_not_found\"}}");
            return;
        }
        if (path.length == 1) {
            ObjectNode media = JSON.createObjectNode()
                    .put("id", path[0])
                    .put("status", "ready")
                    .put("kind", file.kind())
                    .put("mime_type", file.mimeType())
                    .put("size_bytes", file.bytes().length)
                    .put("alt_text", file.altText());
            StubHttp.send(exchange, 200, "application/json", media.toString());
        } else if (path[1].equals("content")) {
            bytes(exchange, file);
        } else {
            StubHttp.send(
                    exchange,
                    200,
                    "application/json",
                    JSON.createObjectNode()
                            .put("url", base + "/public/" + path[0])
                            .toString());
        }
    }

    private void open(HttpExchange exchange) throws IOException {
        File file = FILES.get(exchange.getRequestURI().getPath().substring("/public/".length()));
        if (file == null) {
            StubHttp.send(exchange, 404, "text/plain", "Not found");
            return;
        }
        bytes(exchange, file);
    }

    private static void bytes(HttpExchange exchange, File file) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", file.mimeType());
        exchange.sendResponseHeaders(200, file.bytes().length);
        exchange.getResponseBody().write(file.bytes());
        exchange.close();
    }
}
