package dev.herald.kit.logging;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;

/**
 * Puts the request id the gateway assigned ({@code X-Request-Id}, also the {@code request_id} of every error body) in
 * the logging MDC as {@code requestId}, next to OpenTelemetry's {@code traceId}/{@code spanId}: with JSON logs
 * ({@code HERALD_LOG_JSON=true}) every line written while a request is handled can be matched to the tenant's
 * request. Quarkus keeps the MDC in the request's own Vert.x context, so it follows the request onto worker threads
 * and is gone with it.
 */
@ApplicationScoped
public class RequestIdLogging {

    public static final String MDC_KEY = "requestId";
    public static final String HEADER = "X-Request-Id";

    // What the gateway hands out (req_…) or accepts from a client; anything else is not written into logs.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 100).handler(ctx -> {
            tag(ctx.request().getHeader(HEADER));
            ctx.next();
        });
    }

    /** Names the request being handled in the MDC (the gateway calls it once it has chosen the id). */
    public static void tag(String requestId) {
        if (requestId != null && SAFE.matcher(requestId).matches()) {
            MDC.put(MDC_KEY, requestId);
        }
    }
}
