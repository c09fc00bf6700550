package dev.herald.mcp;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * One call of Herald's public REST API on behalf of the MCP client: the gateway's own front door with the caller's
 * API key, or the CLI's API client. Tools never reach a service another way, so auth, scopes, rate limits, validation
 * and idempotency are the REST API's own.
 */
public interface HeraldRest {

    /**
     * Sends {@code method pathAndQuery} with {@code jsonBody} (null: none) and {@code idempotencyKey} (null: none).
     *
     * @throws java.io.UncheckedIOException when Herald cannot be reached
     */
    Reply send(String method, String pathAndQuery, String jsonBody, String idempotencyKey);

    /** Sets a JDK HTTP request's method, JSON body and Idempotency-Key as {@link #send} was given them. */
    static HttpRequest.Builder prepare(
            HttpRequest.Builder request, String method, String jsonBody, String idempotencyKey) {
        request.method(
                method,
                jsonBody == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    /** The status and body of Herald's answer, as it came. */
    record Reply(int status, String body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
