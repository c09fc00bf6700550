package dev.herald.kit.error;

import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Renders every failure in the Herald error format. Bad input is always a 4xx; an unexpected failure is a 500 whose
 * body says nothing about internals (the log has the detail, keyed by request id).
 */
public class ApiExceptionMappers {

    /** Set by the gateway on every forwarded request. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response mapApiException(ApiException e, HttpHeaders headers) {
        return respond(e.status(), e.code(), e.getMessage(), e.details(), headers);
    }

    @ServerExceptionMapper
    public Response mapJsonProblem(JsonProcessingException e, HttpHeaders headers) {
        String field = e instanceof MismatchedInputException mismatch
                ? mismatch.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .reduce((a, b) -> a + "." + b)
                        .orElse(null)
                : null;
        List<ApiError.Detail> details = field == null
                ? List.of()
                : List.of(new ApiError.Detail(field, "invalid_type", "This field has the wrong type."));
        return respond(
                400, "malformed_json", "The request body is not valid JSON for this endpoint.", details, headers);
    }

    /** More specific than Quarkus' own mapper for this exception, so the Herald format wins. */
    @ServerExceptionMapper
    public Response mapUnknownField(UnrecognizedPropertyException e, HttpHeaders headers) {
        return respond(
                400,
                "malformed_json",
                "The request has a field this endpoint does not know: '" + e.getPropertyName() + "'.",
                List.of(new ApiError.Detail(e.getPropertyName(), "unknown_field", "Remove this field.")),
                headers);
    }

    @ServerExceptionMapper
    public Response mapMismatchedInput(MismatchedInputException e, HttpHeaders headers) {
        return mapJsonProblem(e, headers);
    }

    @ServerExceptionMapper
    public Response mapWebApplicationException(WebApplicationException e, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return mapJsonProblem(json, headers);
        }
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
        String message = status >= 500 ? "Something went wrong on our side." : describe(status, e);
        return respond(status, code, message, List.of(), headers);
    }

    /** Two writers raced on one row (optimistic lock): the loser is told to read again and retry. */
    @ServerExceptionMapper
    public Response mapOptimisticLock(jakarta.persistence.OptimisticLockException e, HttpHeaders headers) {
        return respond(
                409,
                "conflict",
                "The resource changed while this request ran; read it again and retry.",
                List.of(),
                headers);
    }

    @ServerExceptionMapper
    public Response mapUnexpected(Exception e, HttpHeaders headers) {
        String requestId = requestId(headers);
        LOG.errorf(e, "Unexpected failure (request %s)", requestId);
        return respond(500, "internal_error", "Something went wrong on our side.", List.of(), headers);
    }

    private static String describe(int status, WebApplicationException e) {
        String reason = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "HTTP " + status;
        return reason.toLowerCase(Locale.ROOT).equals("not found") ? "No such resource." : reason + ".";
    }

    private static Response respond(
            int status, String code, String message, List<ApiError.Detail> details, HttpHeaders headers) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(code, message, details.isEmpty() ? null : details, requestId(headers)))
                .build();
    }

    private static String requestId(HttpHeaders headers) {
        return headers == null ? null : headers.getHeaderString(REQUEST_ID_HEADER);
    }
}
