package dev.herald.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.client.invoker.ApiException;

/**
 * Herald's error body, {@code {"error": {"code", "message", "details", "request_id"}}}, as an unchecked exception: the
 * HTTP status and the machine-readable {@link #code()} to branch on, the {@link #requestId()} to quote to support.
 */
public class HeraldException extends RuntimeException {

    /** One problem of a 400: the field (a JSON path such as {@code account_ids[0]}), its code and message. */
    public record Detail(String field, String code, String message) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String code;
    private final String requestId;
    private final List<Detail> details;

    public HeraldException(
            int status, String code, String message, String requestId, List<Detail> details, Throwable cause) {
        super(status + " " + code + ": " + message + (requestId == null ? "" : " (" + requestId + ")"), cause);
        this.status = status;
        this.code = code;
        this.requestId = requestId;
        this.details = List.copyOf(details);
    }

    /** From the generated client's exception; a body that is not Herald's error shape still gives {@code http_<status>}. */
    public static HeraldException from(ApiException e) {
        int status = e.getCode();
        String requestId = e.getResponseHeaders() == null
                ? null
                : e.getResponseHeaders().firstValue("X-Request-Id").orElse(null);
        JsonNode error = parse(e.getResponseBody()).path("error");
        if (!error.isObject()) {
            String message = e.getMessage() == null ? "HTTP " + status : e.getMessage();
            String code = status == 0 ? "connection_failed" : "http_" + status;
            return new HeraldException(status, code, message, requestId, List.of(), e);
        }
        List<Detail> details = new ArrayList<>();
        error.path("details")
                .forEach(d -> details.add(new Detail(text(d, "field"), text(d, "code"), text(d, "message"))));
        String id = text(error, "request_id");
        return new HeraldException(
                status, text(error, "code"), text(error, "message"), id != null ? id : requestId, details, e);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** The HTTP status; 0 when no response came (connection refused, timeout). */
    public int status() {
        return status;
    }

    /** Stable and machine-readable: {@code validation_failed}, {@code not_found}, {@code idempotency_key_reused}, … */
    public String code() {
        return code;
    }

    /** The {@code req_…} id of the request in Herald's logs, when a response came. */
    public String requestId() {
        return requestId;
    }

    public List<Detail> details() {
        return details;
    }
}
