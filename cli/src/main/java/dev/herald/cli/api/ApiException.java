package dev.herald.cli.api;

import com.fasterxml.jackson.databind.JsonNode;

/** The API answered with an error ({@code {"error": {code, message, details, request_id}}}, or a bare status). */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final JsonNode body;

    public ApiException(int status, String code, String message, JsonNode body) {
        super(message);
        this.status = status;
        this.code = code;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The answer as the API sent it (its error object), for {@code --output json}. */
    public JsonNode body() {
        return body;
    }

    /** Whether {@code field}'s detail is the only kind of problem: e.g. media the post-service has not seen yet. */
    public boolean onlyDetails(java.util.function.Predicate<JsonNode> detail) {
        JsonNode details = body.path("error").path("details");
        if (!details.isArray() || details.isEmpty()) {
            return false;
        }
        for (JsonNode d : details) {
            if (!detail.test(d)) {
                return false;
            }
        }
        return true;
    }
}
