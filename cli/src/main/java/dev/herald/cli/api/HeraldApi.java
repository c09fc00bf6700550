package dev.herald.cli.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Herald REST API through the gateway, with one API key: JSON in and out, errors as exceptions. */
public final class HeraldApi {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI baseUrl;
    private final String apiKey;
    private final HttpClient http;

    public HeraldApi(String baseUrl, String apiKey) {
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String baseUrl() {
        return baseUrl.toString();
    }

    public JsonNode get(String path, Map<String, ?> query) {
        return send(request(path + queryString(query)).GET());
    }

    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    public JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    /** A POST with a JSON body; {@code idempotencyKey} may be null. */
    public JsonNode post(String path, Object body, String idempotencyKey) {
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body), StandardCharsets.UTF_8));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return send(builder);
    }

    public JsonNode post(String path, Object body) {
        return post(path, body, null);
    }

    /** A request to {@code path} with the key; the caller picks the method and body. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .header("User-Agent", "herald-cli");
    }

    /** Sends the request: the JSON answer of a 2xx (an empty object for 204), else an exception. */
    public JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UnreachableException(
                    "cannot reach " + baseUrl + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", e);
        }
        return answer(
                response.statusCode(),
                response.body(),
                response.headers().firstValue("X-Request-Id").orElse(null));
    }

    /** The body of a 2xx as JSON, or the error it stands for. Public for the tests of error mapping. */
    public static JsonNode answer(int status, String body, String requestId) {
        JsonNode json = parse(body);
        if (status >= 200 && status < 300) {
            return json == null ? JSON.createObjectNode() : json;
        }
        JsonNode error = json == null ? null : json.get("error");
        if (error != null && error.hasNonNull("code")) {
            return throwError(
                    status, error.get("code").asText(), error.path("message").asText(""), json);
        }
        // Not Herald's error format (a proxy's page, an empty 502): keep the status as the code.
        ObjectNode synthetic = JSON.createObjectNode();
        ObjectNode inner = synthetic.putObject("error");
        inner.put("code", "http_" + status);
        inner.put("message", body == null || body.isBlank() ? "HTTP " + status : abbreviate(body));
        if (requestId != null) {
            inner.put("request_id", requestId);
        }
        return throwError(status, "http_" + status, inner.get("message").asText(), synthetic);
    }

    private static JsonNode throwError(int status, String code, String message, JsonNode body) {
        throw new ApiException(status, code, message, body);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    public static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code ?a=1&b=2} of the non-null values, in the given order; empty without any. */
    public static String queryString(Map<String, ?> query) {
        Map<String, Object> present = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        if (present.isEmpty()) {
            return "";
        }
        return present.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(String.valueOf(e.getValue())))
                .collect(Collectors.joining("&", "?", ""));
    }

    /** Query parameters as alternating names and values; a null value is left out. */
    public static Map<String, Object> params(Object... namesAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    /** One path segment, encoded: ids come from the command line. */
    public static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
