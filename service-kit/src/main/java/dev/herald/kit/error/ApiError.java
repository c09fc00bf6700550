package dev.herald.kit.error;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body of every Herald response: {@code {"error": {code, message, details, request_id}}}. */
public record ApiError(Body error) {

    public static ApiError of(String code, String message, List<Detail> details, String requestId) {
        return new ApiError(new Body(code, message, details, requestId));
    }

    /** The error itself. */
    @Schema(name = "ErrorBody")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String code, String message, List<Detail> details, String requestId) {}

    /** One problem with one field of the request. */
    @Schema(name = "ErrorDetail")
    public record Detail(String field, String code, String message) {}
}
