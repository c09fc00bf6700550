package dev.herald.gateway.proxy;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import dev.herald.kit.error.ApiError;

/** Errors the gateway answers itself, in the Herald error format. */
public final class GatewayErrors {

    private GatewayErrors() {}

    public static void send(RoutingContext ctx, int status, String code, String message, String requestId) {
        send(ctx, status, code, message, List.of(), requestId);
    }

    public static void send(
            RoutingContext ctx,
            int status,
            String code,
            String message,
            List<ApiError.Detail> details,
            String requestId) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonObject error = new JsonObject().put("code", code).put("message", message);
        if (!details.isEmpty()) {
            JsonArray fields = new JsonArray();
            details.forEach(detail -> fields.add(new JsonObject()
                    .put("field", detail.field())
                    .put("code", detail.code())
                    .put("message", detail.message())));
            error.put("details", fields);
        }
        error.put("request_id", requestId);
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).encode());
    }
}
