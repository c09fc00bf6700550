package dev.herald.system;

import static dev.herald.system.CliHarness.JSON;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import dev.herald.system.CliHarness.Run;

/**
 * The packaged CLI's webhooks commands against the real gateway of a running stack (see {@link CliHarness}): endpoints,
 * their deliveries and replays, and {@code webhooks listen} receiving real and forged deliveries.
 */
class CliWebhooksIT {

    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @Test
    void shouldPrintARealSignedDeliveryAndRefuseAForgedOneWhenListening() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/webhooks";
        JsonNode endpoint = cli.ok(cli.asTenant(
                        "webhooks",
                        "create",
                        "--url",
                        url,
                        "--events",
                        "post.published,post.failed",
                        "--output",
                        "json"))
                .json();
        String secret = endpoint.path("secret").asText();
        String endpointId = endpoint.path("id").asText();
        assertTrue(secret.startsWith("whsec_"), endpoint.toString());

        Path out = cli.work().resolve("listen-out.txt");
        Path err = cli.work().resolve("listen-err.txt");
        Process listener = cli.process(List.of(
                        "webhooks",
                        "listen",
                        "--port",
                        Integer.toString(port),
                        "--secret",
                        secret,
                        "--max-events",
                        "1",
                        "--output",
                        "json"))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> accepts(port));

            // A forged delivery: refused with 400 and a line on stderr, and not counted as the one event.
            HttpResponse<String> forged = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("webhook-id", "msg_forged")
                                    .header("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                                    .header("webhook-signature", "v1,bm90IGEgcmVhbCBzaWduYXR1cmU=")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"post.published\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(400, forged.statusCode());

            // A real delivery, signed by the webhook-service.
            cli.tenant()
                    .api()
                    .post("/v1/webhooks/" + endpointId + "/test")
                    .then()
                    .statusCode(200);

            assertTrue(listener.waitFor(60, TimeUnit.SECONDS), "listen exits after --max-events 1");
            assertEquals(0, listener.exitValue(), Files.readString(err));
        } finally {
            listener.destroy();
        }
        JsonNode event =
                JSON.readTree(Files.readString(out, StandardCharsets.UTF_8).strip());
        assertEquals("webhook.test", event.path("type").asText(), event.toString());
        assertTrue(Files.readString(err).contains("rejected delivery msg_forged"), Files.readString(err));

        JsonNode deliveries = cli.ok(cli.asTenant("webhooks", "deliveries", endpointId, "--output", "json"))
                .json();
        assertNotEquals(0, deliveries.path("data").size(), deliveries.toString());
        assertTrue(cli.ok(cli.asTenant("webhooks", "list")).out().contains(endpointId));
    }

    @Test
    void shouldReplayOneFailedDeliveryAndRecoverTheOthersWhenTheEndpointIsBack() throws Exception {
        // A receiver that answers 410 Gone (Herald fails the delivery at once and disables the endpoint) until told
        // to accept.
        AtomicInteger answer = new AtomicInteger(410);
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = answer.get();
            received.add(exchange.getRequestHeaders().getFirst("webhook-id") + " " + status);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            // Only account.expired, which nothing here causes: no other event of the tenant reaches this endpoint.
            String endpointId = cli.ok(cli.asTenant(
                            "webhooks", "create", "--url", url, "--events", "account.expired", "--output", "json"))
                    .json()
                    .path("id")
                    .asText();

            String first = failedTestDelivery(endpointId);
            cli.ok(cli.asTenant("webhooks", "enable", endpointId));
            answer.set(204);
            JsonNode replayed = cli.ok(
                            cli.asTenant("webhooks", "replay", endpointId, "--delivery", first, "--output", "json"))
                    .json();
            assertEquals(first, replayed.path("id").asText(), replayed.toString());
            assertEquals("pending", replayed.path("status").asText(), replayed.toString());
            awaitDelivered(endpointId, first);
            assertEquals(List.of(first + " 410", first + " 204"), received, "the same webhook-id, sent once more");

            // Only a failed delivery can be replayed: the API's 409, exit 1.
            Run notFailed = cli.run(cli.asTenant("webhooks", "replay", endpointId, "--delivery", first));
            assertEquals(1, notFailed.exit(), notFailed.toString());
            assertTrue(notFailed.err().startsWith("error: delivery_not_failed: "), notFailed.err());

            answer.set(410);
            String since = java.time.Instant.now().minusSeconds(1).toString();
            String second = failedTestDelivery(endpointId);
            Run disabled = cli.run(cli.asTenant("webhooks", "replay", endpointId, "--since", since));
            assertEquals(1, disabled.exit(), "replay before enable: " + disabled);
            assertTrue(disabled.err().startsWith("error: endpoint_disabled: "), disabled.err());
            Run enabled = cli.ok(cli.asTenant("webhooks", "enable", endpointId));
            assertTrue(enabled.out().lines().anyMatch(l -> l.matches("status\\s+enabled")), enabled.out());
            answer.set(204);
            Run recovered = cli.ok(cli.asTenant("webhooks", "replay", endpointId, "--since", since));
            assertEquals("Re-sending 1 failed delivery(ies).", recovered.out().strip());
            awaitDelivered(endpointId, second);
            assertEquals(
                    List.of(first + " 410", first + " 204", second + " 410", second + " 204"),
                    received,
                    "recover sent the one failed since then, once; the delivered one not again");
        } finally {
            receiver.stop(0);
        }
    }

    /** Sends a test event to an endpoint whose receiver answers 410: that delivery fails. Returns its id. */
    private static String failedTestDelivery(String endpointId) {
        cli.tenant().api().post("/v1/webhooks/" + endpointId + "/test").then().statusCode(200);
        JsonNode failed = cli.awaitAnswer(
                        list -> list.path("data").size() == 1,
                        "webhooks",
                        "deliveries",
                        endpointId,
                        "--status",
                        "failed",
                        "--output",
                        "json")
                .path("data")
                .get(0);
        assertEquals(410, failed.path("last_response_status").asInt(), failed.toString());
        return failed.path("id").asText();
    }

    private static void awaitDelivered(String endpointId, String deliveryId) {
        cli.awaitAnswer(
                list -> {
                    for (JsonNode delivery : list.path("data")) {
                        if (delivery.path("id").asText().equals(deliveryId)) {
                            return "delivered".equals(delivery.path("status").asText());
                        }
                    }
                    return false;
                },
                "webhooks",
                "deliveries",
                endpointId,
                "--output",
                "json");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
