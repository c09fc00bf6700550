package dev.herald.kit.error;

import java.util.List;

/**
 * A failure the caller should see as a 4xx with a stable, machine-readable code. Thrown from services; rendered by
 * {@link ApiExceptionMappers} in the one Herald error format.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<ApiError.Detail> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public ApiException(int status, String code, String message, List<ApiError.Detail> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(404, "not_found", "No " + what + " with id '" + id + "' in this workspace.");
    }

    public static ApiException invalid(String message, List<ApiError.Detail> details) {
        return new ApiException(400, "validation_failed", message, details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<ApiError.Detail> details() {
        return details;
    }
}
