package dev.herald.cli.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class WebhookListenerTest {

    private static final String EVENT =
            "{\"id\":\"evt_1\",\"type\":\"post.published\",\"created_at\":\"2021-02-25T15:02:10Z\",\"data\":{\"id\":\"post_1\"}}";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HttpClient http = HttpClient.newHttpClient();
    private final SignatureVerifier verifier = new SignatureVerifier(SignatureVerifierTest.SECRET);
    private final Clock atSending = Clock.fixed(SignatureVerifierTest.SENT, ZoneOffset.UTC);
    private WebhookListener listener;
    private HttpServer app;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
        if (app != null) {
            app.stop(0);
        }
    }

    private WebhookListener listen(URI forwardTo, boolean json) throws Exception {
        listener = new WebhookListener(
                verifier, "127.0.0.1", 0, forwardTo, json, new PrintWriter(out), new PrintWriter(err), atSending, 0);
        return listener;
    }

    private HttpResponse<String> deliver(String id, String signature, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.port() + "/"))
                        .header("webhook-id", id)
                        .header("webhook-timestamp", SignatureVerifierTest.TIMESTAMP)
                        .header("webhook-signature", signature)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String sign(String id, String body) {
        return verifier.sign(id, SignatureVerifierTest.TIMESTAMP, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswer204AndPrintTheEventWhenTheSignatureVerifies() throws Exception {
        listen(null, false);
        assertEquals(204, deliver("msg_1", sign("msg_1", EVENT), EVENT).statusCode());
        assertEquals(
                "2021-02-25T15:02:10Z  post.published  evt_1  msg_1  post_1",
                out.toString().strip());
        assertEquals("", err.toString());
    }

    @Test
    void shouldPrintTheBodyAsItCameWhenTheOutputIsJson() throws Exception {
        listen(null, true);
        String spec = new String(SignatureVerifierTest.BODY, StandardCharsets.UTF_8);
        assertEquals(
                204,
                deliver(SignatureVerifierTest.ID, SignatureVerifierTest.SIGNATURE, spec)
                        .statusCode());
        assertEquals(spec, out.toString().strip());
    }

    @Test
    void shouldAnswer400AndReportOnStderrWhenTheSignatureIsBad() throws Exception {
        listen(null, false);
        String forged = sign("msg_1", EVENT.replace("post_1", "post_2"));
        HttpResponse<String> answer = deliver("msg_1", forged, EVENT);
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("invalid_signature"), answer.body());
        assertEquals("", out.toString());
        assertTrue(
                err.toString().contains("rejected delivery msg_1 from 127.0.0.1: no_matching_signature"),
                err.toString());
    }

    @Test
    void shouldForwardAVerifiedDeliveryUnchangedAndAnswerWithTheApplicationsStatus() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("webhook-signature") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        app.start();
        listen(URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/hook"), false);

        String signature = sign("msg_2", EVENT);
        assertEquals(202, deliver("msg_2", signature, EVENT).statusCode());
        assertEquals(List.of(signature + " " + EVENT), received);

        // A forged one never reaches the application.
        assertEquals(400, deliver("msg_3", signature, EVENT).statusCode());
        assertEquals(1, received.size());
    }
}
