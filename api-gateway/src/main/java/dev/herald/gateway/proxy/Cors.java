package dev.herald.gateway.proxy;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import dev.herald.gateway.identity.CallerIdentity;
import dev.herald.gateway.identity.service.AllowedOrigins;

/**
 * CORS, off unless a workspace lists origins ({@code PATCH /v1/workspaces/{id}} {@code cors_origins}). Exact origins
 * only, never {@code *}: a browser page may use a workspace's credentials only when that workspace allows the page.
 */
final class Cors {

    static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, Idempotency-Key, Herald-Workspace, Herald-Mode, X-Request-Id";
    static final String EXPOSED_HEADERS = "RateLimit, RateLimit-Policy, Retry-After, X-Request-Id, Location";
    static final String ALLOWED_METHODS = "GET, POST, PATCH, PUT, DELETE";

    private Cors() {}

    /** Answers a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}); false when it is not one. */
    static boolean preflight(RoutingContext ctx, AllowedOrigins allowed) {
        var request = ctx.request();
        String origin = request.getHeader("Origin");
        if (request.method() != HttpMethod.OPTIONS
                || origin == null
                || request.getHeader("Access-Control-Request-Method") == null) {
            return false;
        }
        var response = ctx.response().putHeader("Vary", "Origin");
        if (allowed.anyWorkspaceAllows(origin)) {
            response.putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .putHeader("Access-Control-Max-Age", "600");
        }
        // Without the allow headers the browser refuses the real request: nothing to explain in a body.
        response.setStatusCode(204).end();
        return true;
    }

    /** On a real request: the CORS headers when the caller's workspace allows the page's origin. */
    static void decorate(RoutingContext ctx, CallerIdentity caller) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            return;
        }
        ctx.response().putHeader("Vary", "Origin");
        if (caller.allowsOrigin(origin)) {
            ctx.response()
                    .putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }
}
