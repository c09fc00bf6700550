package dev.herald.gateway.proxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.ws.rs.core.Response;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.herald.kit.error.ApiException;

/**
 * Serves a route the gateway answers itself ({@code /v1/api-keys}, {@code /v1/workspaces}): reads the body (the
 * request is paused until then), runs the call off the event loop (it uses the database) and answers JSON, errors in
 * the Herald format.
 */
final class OwnRoutes {

    private OwnRoutes() {}

    /** A JSON answer, with any extra headers ({@code Location}, {@code Idempotent-Replayed}). */
    record Answer(int status, String json, Map<String, String> headers) {

        Answer(int status, String json) {
            this(status, json, Map.of());
        }

        /** The answer of an {@link dev.herald.kit.idempotency.IdempotentRequests idempotent} run. */
        static Answer of(Response response) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : List.of("Location", "Idempotent-Replayed")) {
                String value = response.getHeaderString(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            return new Answer(response.getStatus(), (String) response.getEntity(), headers);
        }
    }

    /** What the route does with the request body; may throw {@link ApiException} or a JSON parsing error. */
    interface Call {
        Answer answer(Buffer body) throws Exception;
    }

    static void serve(RoutingContext ctx, Vertx vertx, String requestId, Call call) {
        var received = ctx.request().body();
        ctx.request().resume();
        received.onComplete(body -> vertx.executeBlocking(
                        (Callable<Answer>) () -> call.answer(body.succeeded() ? body.result() : Buffer.buffer()), false)
                .onComplete(done -> {
                    if (done.succeeded()) {
                        done.result().headers().forEach(ctx.response()::putHeader);
                        ctx.response()
                                .setStatusCode(done.result().status())
                                .putHeader("content-type", "application/json")
                                .end(done.result().json());
                    } else {
                        fail(ctx, done.cause(), requestId);
                    }
                }));
    }

    private static void fail(RoutingContext ctx, Throwable cause, String requestId) {
        if (cause instanceof ApiException e) {
            GatewayErrors.send(ctx, e.status(), e.code(), e.getMessage(), e.details(), requestId);
        } else if (cause instanceof JsonProcessingException) {
            GatewayErrors.send(
                    ctx, 400, "malformed_json", "The request body is not valid JSON for this endpoint.", requestId);
        } else if (cause instanceof jakarta.persistence.OptimisticLockException
                || cause.getCause() instanceof jakarta.persistence.OptimisticLockException) {
            GatewayErrors.send(
                    ctx, 409, "conflict", "The object changed meanwhile; read it again and retry.", requestId);
        } else {
            GatewayErrors.send(ctx, 500, "internal_error", "Something went wrong on our side.", requestId);
        }
    }

    static int intParam(RoutingContext ctx, String name, int fallback) {
        String value = ctx.request().getParam(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1; // refused by the range check
        }
    }
}
