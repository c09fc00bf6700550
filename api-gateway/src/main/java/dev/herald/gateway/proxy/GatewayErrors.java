package dev.herald.gateway.proxy;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Errors the gateway answers itself, in the Herald error format. */
final class GatewayErrors {

    private GatewayErrors() {}

    static void send(RoutingContext ctx, int status, String code, String message, String requestId) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonObject error =
                new JsonObject().put("code", code).put("message", message).put("request_id", requestId);
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).encode());
    }
}
