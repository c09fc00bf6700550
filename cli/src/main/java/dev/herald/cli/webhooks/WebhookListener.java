package dev.herald.cli.webhooks;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.herald.cli.api.HeraldApi;

/**
 * {@code herald webhooks listen}: a local endpoint that checks each delivery's signature and prints the event, and
 * optionally passes it on to the application under development (like {@code stripe listen}). A delivery that does
 * not verify gets {@code 400} and a line on stderr, and is not forwarded.
 */
public final class WebhookListener implements AutoCloseable {

    private static final String HEADER_ID = "webhook-id";
    private static final String HEADER_TIMESTAMP = "webhook-timestamp";
    private static final String HEADER_SIGNATURE = "webhook-signature";

    private final SignatureVerifier verifier;
    private final URI forwardTo;
    private final boolean json;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;
    private final HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> seen = new HashSet<>();
    private final CountDownLatch remaining;

    /**
     * @param maxEvents stop after this many verified deliveries (0: never)
     */
    public WebhookListener(
            SignatureVerifier verifier,
            String host,
            int port,
            URI forwardTo,
            boolean json,
            PrintWriter out,
            PrintWriter err,
            Clock clock,
            int maxEvents)
            throws IOException {
        this.verifier = verifier;
        this.forwardTo = forwardTo;
        this.json = json;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.remaining = new CountDownLatch(maxEvents > 0 ? maxEvents : Integer.MAX_VALUE);
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", this::handle);
        // The default executor is one thread: deliveries are printed one whole line at a time, in arrival order.
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Blocks until {@code maxEvents} verified deliveries were printed (forever without a maximum). */
    public void awaitDone() throws InterruptedException {
        remaining.await();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":{\"code\":\"method_not_allowed\",\"message\":\"POST only\"}}");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            String id = headers.getFirst(HEADER_ID);
            String timestamp = headers.getFirst(HEADER_TIMESTAMP);
            String signature = headers.getFirst(HEADER_SIGNATURE);
            SignatureVerifier.Verdict verdict = verifier.verify(id, timestamp, signature, body, clock.instant());
            if (verdict != SignatureVerifier.Verdict.VALID) {
                String reason = verdict.name().toLowerCase(java.util.Locale.ROOT);
                err.println("herald: rejected delivery " + (id == null ? "(no webhook-id)" : id) + " from "
                        + exchange.getRemoteAddress().getAddress().getHostAddress() + ": " + reason);
                err.flush();
                respond(
                        exchange,
                        400,
                        "{\"error\":{\"code\":\"invalid_signature\",\"message\":\"signature check failed: " + reason
                                + "\"}}");
                return;
            }
            print(id, body);
            int status =
                    forwardTo == null ? 204 : forward(id, timestamp, signature, body, headers.getFirst("content-type"));
            respond(exchange, status, null);
            remaining.countDown();
        }
    }

    /** json: the body exactly as Herald sent it, one per line; table: time, type, event id, webhook-id, object. */
    private void print(String id, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        boolean again = !seen.add(id);
        if (json) {
            out.println(text.replace("\n", ""));
        } else {
            JsonNode event;
            try {
                event = HeraldApi.JSON.readTree(body);
            } catch (IOException e) {
                event = HeraldApi.JSON.createObjectNode();
            }
            JsonNode data = event.path("data");
            String subject = data.path("id")
                    .asText(data.path("post_id").asText(data.path("media_id").asText("")));
            out.println(Instant.now(clock) + "  " + event.path("type").asText("?") + "  "
                    + event.path("id").asText("?") + "  " + id + (subject.isEmpty() ? "" : "  " + subject)
                    + (again ? "  (again: dedupe on webhook-id)" : ""));
        }
        out.flush();
    }

    private int forward(String id, String timestamp, String signature, byte[] body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(forwardTo)
                .timeout(Duration.ofSeconds(15))
                .header(HEADER_ID, id)
                .header(HEADER_TIMESTAMP, timestamp)
                .header(HEADER_SIGNATURE, signature)
                .header("Content-Type", contentType == null ? "application/json" : contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            err.println("herald: forwarded " + id + " to " + forwardTo + ": " + status);
            return status;
        } catch (IOException e) {
            err.println("herald: forwarding " + id + " to " + forwardTo + " failed: " + e.getMessage());
            // Herald retries it later, as it would for the application itself.
            return 502;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 503;
        } finally {
            err.flush();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null || status == 204) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
