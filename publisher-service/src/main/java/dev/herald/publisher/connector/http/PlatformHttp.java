package dev.herald.publisher.connector.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON over HTTP to a platform, with the one distinction publishing depends on: a request that certainly never
 * reached the platform ({@link NotSent}: connection refused, connect timeout — safe to retry) versus one whose answer
 * was lost after it was sent ({@link UnknownOutcomeException}: the post may exist — read back before any retry).
 */
public final class PlatformHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration timeout;

    public PlatformHttp(Duration timeout) {
        this.client = HttpClient.newBuilder()
                // Over plain http the JDK offers an h2c upgrade, which some servers (a PDS) answer by closing.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    /** A platform's answer: status, headers and the body as JSON (an empty object when it was not JSON). */
    public record Answer(int status, Map<String, java.util.List<String>> headers, JsonNode body, String raw) {

        public boolean ok() {
            return status / 100 == 2;
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e ->
                            e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0))
                    .findFirst();
        }

        /** How long until an epoch-seconds reset header, if the platform sent one. */
        public Optional<Duration> untilEpochHeader(String name, Instant now) {
            return header(name).flatMap(value -> {
                try {
                    Duration wait = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(value.trim())));
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            });
        }
    }

    /** The request never reached the platform: nothing can have been published. */
    public static final class NotSent extends Exception {
        public NotSent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public Answer postJson(URI uri, Map<String, String> headers, JsonNode body) throws NotSent {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A multipart upload (a file to the platform's media endpoint). */
    public Answer postMultipart(URI uri, Map<String, String> headers, Multipart body) throws NotSent {
        return postBody(uri, headers, body.contentType(), body.body());
    }

    /** Any body (a blob's raw bytes, say). */
    public Answer postBody(URI uri, Map<String, String> headers, String contentType, HttpRequest.BodyPublisher body)
            throws NotSent {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(body);
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A file's bytes to an upload URL a platform handed out. */
    public Answer put(URI uri, Map<String, String> headers, String contentType, HttpRequest.BodyPublisher body)
            throws NotSent {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .PUT(body);
        headers.forEach(request::header);
        return send(request.build());
    }

    public Answer get(URI uri, Map<String, String> headers) throws NotSent {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    private Answer send(HttpRequest request) throws NotSent {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), parse(response.body()), response.body());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new NotSent(request.uri().getHost() + " could not be reached: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UnknownOutcomeException(
                    "The request to " + request.uri().getHost() + " was sent but its answer was lost: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownOutcomeException(
                    "Interrupted while waiting for " + request.uri().getHost(), e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
