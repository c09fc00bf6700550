package dev.herald.webhook.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A tenant's endpoint on loopback: records every request exactly as received and answers as each path is told to
 * (204 by default), optionally holding the answer until the test releases it (a slow endpoint).
 */
public final class Receiver implements AutoCloseable {

    /** One received request; header names lower-case. */
    public record Hit(
            String path, String id, String timestamp, String signature, Map<String, String> headers, String body) {}

    /** How a path answers. */
    public record Answer(int status, Map<String, String> headers, String body, CountDownLatch hold) {

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "", null);
        }

        public static Answer status(int status, Map<String, String> headers, String body) {
            return new Answer(status, headers, body, null);
        }

        public static Answer heldUntil(CountDownLatch release) {
            return new Answer(204, Map.of(), "", release);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String path = exchange.getRequestURI().getPath();
            hits.add(new Hit(
                    path,
                    headers.get("webhook-id"),
                    headers.get("webhook-timestamp"),
                    headers.get("webhook-signature"),
                    headers,
                    new String(body, StandardCharsets.UTF_8)));
            Answer answer = answers.getOrDefault(path, Answer.status(204));
            if (answer.hold() != null) {
                try {
                    answer.hold().await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
    }

    public void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Hit> hits(String path) {
        return hits.stream().filter(hit -> hit.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
