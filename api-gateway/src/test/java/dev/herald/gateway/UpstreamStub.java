package dev.herald.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.sun.net.httpserver.HttpServer;

import dev.herald.testsupport.FreePorts;

/**
 * Stands in for the services behind the gateway: records what it received and answers with a JSON echo. The
 * analytics route points at a closed port, to see the gateway answer for a service that is down.
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {

    static final Map<String, Map<String, String>> LAST = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> seen = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.get(0)));
            seen.put(":method", exchange.getRequestMethod());
            seen.put(":uri", exchange.getRequestURI().toString());
            seen.put(":body", new String(body, StandardCharsets.UTF_8));
            LAST.put("last", seen);
            byte[] answer = "{\"echo\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.getResponseHeaders().add("x-upstream", "stub");
            exchange.sendResponseHeaders(
                    exchange.getRequestURI().getPath().endsWith("/missing") ? 404 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> config = new HashMap<>();
        config.put("herald.gateway.services.post", url);
        config.put("herald.gateway.services.media", url);
        config.put("herald.gateway.services.publisher", url);
        config.put("herald.gateway.services.webhook", url);
        config.put("herald.gateway.services.analytics", "http://127.0.0.1:" + FreePorts.next());
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
