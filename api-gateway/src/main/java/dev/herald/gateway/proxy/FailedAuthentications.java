package dev.herald.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.ext.web.RoutingContext;

import dev.herald.gateway.config.GatewayConfig;
import dev.herald.gateway.ratelimit.RateLimiter;

/**
 * Refusing a caller that did not authenticate: every failure counts against its address, one counter for the REST API
 * and {@code /v1/mcp}, so keys cannot be guessed through either door. A 401, or a 429 once the address failed too often.
 */
@ApplicationScoped
public class FailedAuthentications {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateLimiter limiter;
    private final GatewayConfig.RateLimit rateLimit;

    public FailedAuthentications(RateLimiter limiter, GatewayConfig config) {
        this.limiter = limiter;
        this.rateLimit = config.rateLimit();
    }

    /** Counts one more failure from the request's address; the decision says whether it may still be answered 401. */
    public CompletableFuture<RateLimiter.Decision> count(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
        return limiter.acquireAsync("failed-auth:" + address, rateLimit.failedAuthPerMinutePerIp(), WINDOW);
    }

    /** Answers the refusal {@link #count} decided: 429 with Retry-After past the limit, else 401 with the message. */
    public static void refuse(RoutingContext ctx, RateLimiter.Decision attempts, String message, String requestId) {
        if (!attempts.allowed()) {
            ctx.response().putHeader("Retry-After", Long.toString(attempts.resetSeconds()));
            GatewayErrors.send(
                    ctx,
                    429,
                    "too_many_failed_attempts",
                    "Too many failed authentications from this address; retry later.",
                    requestId);
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        GatewayErrors.send(ctx, 401, "unauthorized", message, requestId);
    }
}
