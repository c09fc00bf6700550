package dev.herald.gateway.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.herald.mcp.HeraldRest;

/**
 * A tool's REST call sent to this gateway's own {@code /v1} door, with the API key of the MCP request. Going through
 * the front door rather than straight to a service costs one loopback hop, and buys everything a REST client gets
 * without a second copy of it: the key's checks, its scopes ({@code 403 insufficient_scope}), its rate limit and
 * headers, the workspace ceiling, request ids, and the services' own validation and idempotency.
 */
record GatewayRest(HttpClient http, String baseUrl, String apiKey) implements HeraldRest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Override
    public Reply send(String method, String pathAndQuery, String jsonBody, String idempotencyKey) {
        HttpRequest.Builder request = HeraldRest.prepare(
                HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                        .timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Accept", "application/json")
                        .header("User-Agent", "herald-mcp"),
                method,
                jsonBody,
                idempotencyKey);
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
