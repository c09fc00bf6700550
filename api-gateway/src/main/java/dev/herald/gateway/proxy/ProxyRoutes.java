package dev.herald.gateway.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.herald.gateway.config.GatewayConfig;
import dev.herald.gateway.identity.ApiKeyFormat;
import dev.herald.gateway.identity.CallerIdentity;
import dev.herald.gateway.identity.OidcUser;
import dev.herald.gateway.identity.service.AllowedOrigins;
import dev.herald.gateway.identity.service.InternalTokenIssuer;
import dev.herald.gateway.identity.service.KeyResolver;
import dev.herald.gateway.identity.service.KeyUsage;
import dev.herald.gateway.identity.service.UserResolver;
import dev.herald.gateway.ratelimit.RateLimiter;
import dev.herald.gateway.ratelimit.RouteScopes;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.id.Ids;
import dev.herald.kit.logging.RequestIdLogging;

/**
 * The public door for {@code /v1/**}: authenticates the bearer API key, then streams the request to the owning
 * service with a signed internal JWT in place of the key, and streams the answer back.
 */
@ApplicationScoped
public class ProxyRoutes {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final String USER = "herald.user";
    private static final String WORKSPACE_HEADER = "Herald-Workspace";
    private static final java.util.regex.Pattern CLIENT_REQUEST_ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{8,64}");
    /** Where Quarkus' HTTP server metrics look for a request's route template (a Vert.x context local). */
    private static final String METRICS_URI_TEMPLATE = "UrlPathTemplate";

    private final KeyResolver keys;
    private final RateLimiter limiter;
    private final FailedAuthentications failedAuthentications;
    private final ApiKeyRoutes apiKeys;
    private final WorkspaceRoutes workspaceRoutes;
    private final UserResolver users;
    private final AllowedOrigins origins;
    private final KeyUsage usage;
    private final GatewayConfig.RateLimit rateLimit;
    private final InternalTokenIssuer tokens;
    private final ServiceRoutes routes;
    private final Vertx vertx;
    private final long maxBodyBytes;
    private final long maxUploadBytes;
    private final Upstream upstream;

    public ProxyRoutes(
            KeyResolver keys,
            RateLimiter limiter,
            FailedAuthentications failedAuthentications,
            ApiKeyRoutes apiKeys,
            WorkspaceRoutes workspaceRoutes,
            UserResolver users,
            AllowedOrigins origins,
            KeyUsage usage,
            InternalTokenIssuer tokens,
            ServiceRoutes routes,
            Vertx vertx,
            Upstream upstream,
            GatewayConfig config) {
        this.upstream = upstream;
        this.keys = keys;
        this.limiter = limiter;
        this.failedAuthentications = failedAuthentications;
        this.apiKeys = apiKeys;
        this.workspaceRoutes = workspaceRoutes;
        this.users = users;
        this.origins = origins;
        this.usage = usage;
        this.rateLimit = config.rateLimit();
        this.tokens = tokens;
        this.routes = routes;
        this.vertx = vertx;
        this.maxBodyBytes = parseSize(config.maxBodySize());
        this.maxUploadBytes = parseSize(config.maxUploadSize());
    }

    void register(@Observes Router router) {
        router.route("/v1/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::forward);
    }

    private void forward(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String requestId = requestId(request.getHeader(REQUEST_ID_HEADER));
        ctx.response().putHeader(REQUEST_ID_HEADER, requestId);
        RequestIdLogging.tag(requestId);
        if (Cors.preflight(ctx, origins)) {
            return;
        }
        // The gateway's own routes: /v1/me, /v1/api-keys, /v1/workspaces (an empty base URL means "answer here").
        boolean own = "/v1/me".equals(request.path())
                || ApiKeyRoutes.owns(request.path())
                || WorkspaceRoutes.owns(request.path());
        Optional<String> service = own ? Optional.of("") : routes.serviceFor(request.path());
        if (service.isEmpty()) {
            GatewayErrors.send(ctx, 404, "not_found", "No such endpoint: " + request.path(), requestId);
            return;
        }
        nameForMetrics(request.path());
        String length = request.getHeader("content-length");
        long limit = isUpload(request) ? maxUploadBytes : maxBodyBytes;
        if (length != null && parseLong(length) > limit) {
            GatewayErrors.send(ctx, 413, "payload_too_large", "The request body is too large.", requestId);
            return;
        }
        if (!own && ServiceRoutes.isPublic(request.method().name(), request.path())) {
            admitPublic(ctx, service.get(), requestId);
            return;
        }
        String secret = bearer(request.getHeader("Authorization"));
        if (secret == null) {
            refuse(ctx, "Send your API key as 'Authorization: Bearer hk_…'.", requestId);
            return;
        }
        if (!ApiKeyFormat.isWellFormed(secret)) {
            if (users.enabled() && looksLikeJwt(secret)) {
                request.pause();
                authenticateUser(ctx, secret, own ? null : service.get(), requestId);
            } else {
                refuse(ctx, "This is not a Herald API key (its shape or checksum is wrong).", requestId);
            }
            return;
        }
        Optional<Optional<CallerIdentity>> cached = keys.cached(secret);
        if (cached.isPresent() && cached.get().isPresent()) {
            // The common case: a known key, answered on the event loop without a thread hop or a transaction.
            admit(ctx, own ? null : service.get(), cached.get().get(), requestId);
            return;
        }
        request.pause();
        vertx.executeBlocking(
                        () -> keys.resolve(secret).map(caller -> {
                            tokens.tokenFor(caller); // signs here, off the event loop, if it must
                            return caller;
                        }),
                        false)
                .onComplete(resolved -> {
                    if (resolved.failed()) {
                        LOG.errorf(resolved.cause(), "Key lookup failed (request %s)", requestId);
                        request.resume();
                        ctx.response().putHeader("Retry-After", "2");
                        GatewayErrors.send(ctx, 503, "service_unavailable", "Try again shortly.", requestId);
                    } else if (resolved.result().isEmpty()) {
                        request.resume();
                        refuse(ctx, "The API key is unknown or revoked.", requestId);
                    } else {
                        admit(ctx, own ? null : service.get(), resolved.result().get(), requestId);
                    }
                });
    }

    /**
     * A signed-in user's bearer JWT (verified by quarkus-oidc), acting in the workspace named by the
     * {@code Herald-Workspace} header, which must belong to one of the user's organizations.
     */
    private void authenticateUser(RoutingContext ctx, String token, String base, String requestId) {
        HttpServerRequest request = ctx.request();
        Context context = vertx.getOrCreateContext();
        Optional<String> workspace = Optional.ofNullable(request.getHeader(WORKSPACE_HEADER));
        String mode = "test".equals(request.getHeader("Herald-Mode")) ? "test" : "live";
        users.verify(token)
                .subscribe()
                .with(
                        user -> context.runOnContext(ignored -> vertx.executeBlocking(
                                        () -> users.callerFor(user, workspace, mode), false)
                                .onComplete(caller -> {
                                    if (caller.succeeded()) {
                                        ctx.put(USER, user);
                                        admit(ctx, base, caller.result(), requestId);
                                    } else if (caller.cause() instanceof ApiException e) {
                                        request.resume();
                                        GatewayErrors.send(ctx, e.status(), e.code(), e.getMessage(), requestId);
                                    } else {
                                        LOG.errorf(caller.cause(), "User look-up failed (request %s)", requestId);
                                        request.resume();
                                        ctx.response().putHeader("Retry-After", "2");
                                        GatewayErrors.send(
                                                ctx, 503, "service_unavailable", "Try again shortly.", requestId);
                                    }
                                })),
                        failure -> context.runOnContext(ignored -> {
                            LOG.debugf("User token refused (request %s): %s", requestId, failure.getMessage());
                            request.resume();
                            refuse(
                                    ctx,
                                    "The bearer token is not valid (signature, issuer, audience or expiry).",
                                    requestId);
                        }));
    }

    /**
     * A keyless request on a public route (an OAuth callback, an upload): limited per client address, since there is
     * no key to count against, and forwarded without an internal token.
     */
    private void admitPublic(RoutingContext ctx, String base, String requestId) {
        String address = ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
        then(ctx, limiter.acquireAsync("public:" + address, rateLimit.requestsPerMinute(), WINDOW), limit -> {
            if (!limit.allowed()) {
                ctx.request().resume();
                ctx.response().putHeader("Retry-After", Long.toString(limit.resetSeconds()));
                GatewayErrors.send(
                        ctx,
                        429,
                        "rate_limited",
                        "Too many requests from this address; retry after " + limit.resetSeconds() + " s.",
                        requestId);
                return;
            }
            send(ctx, base, null, requestId);
        });
    }

    /** Rate limit, then scope, then the gateway's own answer or the owning service's. */
    private void admit(RoutingContext ctx, String base, CallerIdentity caller, String requestId) {
        Cors.decorate(ctx, caller);
        then(
                ctx,
                limiter.acquireAsync("key:" + caller.subject(), rateLimit.requestsPerMinute(), WINDOW),
                limit -> admitKey(ctx, base, caller, limit, requestId));
    }

    /**
     * Continues with the limiter's decision: at once when it is already known (no Redis, or Redis skipped), else back
     * on the request's context once Redis answers, the request paused meanwhile so no body bytes are lost.
     */
    private void then(
            RoutingContext ctx, CompletableFuture<RateLimiter.Decision> decision, Consumer<RateLimiter.Decision> next) {
        if (decision.isDone()) {
            next.accept(decision.join());
            return;
        }
        ctx.request().pause();
        Context context = vertx.getOrCreateContext();
        decision.thenAccept(value -> context.runOnContext(ignored -> next.accept(value)));
    }

    private void admitKey(
            RoutingContext ctx, String base, CallerIdentity caller, RateLimiter.Decision limit, String requestId) {
        HttpServerRequest request = ctx.request();
        ctx.response().putHeader("RateLimit-Policy", "\"default\";q=" + limit.limit() + ";w=" + limit.windowSeconds());
        ctx.response().putHeader("RateLimit", "\"default\";r=" + limit.remaining() + ";t=" + limit.resetSeconds());
        if (!limit.allowed()) {
            request.resume();
            ctx.response().putHeader("Retry-After", Long.toString(limit.resetSeconds()));
            GatewayErrors.send(
                    ctx,
                    429,
                    "rate_limited",
                    "Too many requests: " + limit.limit() + " per minute for this key. " + "Retry after "
                            + limit.resetSeconds() + " s.",
                    requestId);
            return;
        }
        then(
                ctx,
                caller.workspaceId() == null
                        ? CompletableFuture.completedFuture(limit)
                        : limiter.acquireAsync(
                                "ws:" + caller.workspaceId(), rateLimit.workspaceRequestsPerMinute(), WINDOW),
                workspace -> admitWorkspace(ctx, base, caller, limit, workspace, requestId));
    }

    private void admitWorkspace(
            RoutingContext ctx,
            String base,
            CallerIdentity caller,
            RateLimiter.Decision limit,
            RateLimiter.Decision workspace,
            String requestId) {
        HttpServerRequest request = ctx.request();
        if (!workspace.allowed()) {
            request.resume();
            ctx.response().putHeader("Retry-After", Long.toString(workspace.resetSeconds()));
            GatewayErrors.send(
                    ctx,
                    429,
                    "workspace_rate_limited",
                    "Too many requests for this workspace: " + workspace.limit() + " per minute across its keys.",
                    requestId);
            return;
        }
        if (caller.keyId() != null) {
            usage.touch(caller.keyId());
        }
        boolean organizationLevel = "/v1/me".equals(request.path()) || WorkspaceRoutes.owns(request.path());
        if (caller.workspaceId() == null && !organizationLevel) {
            request.resume();
            GatewayErrors.send(
                    ctx,
                    400,
                    "workspace_required",
                    "Name the workspace to act in with the '" + WORKSPACE_HEADER + "' header.",
                    requestId);
            return;
        }
        Optional<String> scope = RouteScopes.required(request.method().name(), request.path());
        if (scope.isPresent() && !caller.hasScope(scope.get())) {
            request.resume();
            GatewayErrors.send(
                    ctx, 403, "insufficient_scope", "This key lacks the scope '" + scope.get() + "'.", requestId);
            return;
        }
        if (base == null && ApiKeyRoutes.owns(request.path())) {
            apiKeys.handle(ctx, caller, requestId);
            return;
        }
        if (base == null && WorkspaceRoutes.owns(request.path())) {
            workspaceRoutes.handle(ctx, caller, ctx.get(USER), requestId);
            return;
        }
        if (base == null) {
            request.resume();
            ctx.response()
                    .setStatusCode(200)
                    .putHeader("content-type", "application/json")
                    .end(me(caller, ctx.get(USER), limit).encode());
            return;
        }
        send(ctx, base, caller, requestId);
    }

    /** {@code GET /v1/me}: who is calling, with what rights and limits. */
    private static JsonObject me(CallerIdentity caller, OidcUser user, RateLimiter.Decision limit) {
        JsonObject me = new JsonObject()
                .put("object", "caller")
                .put("workspace_id", caller.workspaceId())
                .put("organization_id", caller.organizationId())
                .put("key_id", caller.keyId())
                .put("mode", caller.mode())
                .put(
                        "scopes",
                        new JsonArray(
                                caller.scopes().isEmpty()
                                        ? List.of()
                                        : List.of(caller.scopes().split(" "))));
        if (user != null) {
            JsonObject roles = new JsonObject();
            user.roles().forEach(roles::put);
            me.put(
                    "user",
                    new JsonObject()
                            .put("id", user.subject())
                            .put("email", user.email())
                            .put("organizations", roles));
        }
        return me.put(
                "rate_limit",
                new JsonObject()
                        .put("limit", limit.limit())
                        .put("window_seconds", limit.windowSeconds())
                        .put("remaining", limit.remaining())
                        .put("reset_seconds", limit.resetSeconds()));
    }

    /**
     * Names the request in the HTTP server metrics by its route, ids replaced by {@code {id}}. The one catch-all route
     * of the proxy gives Quarkus no template, so it tagged each request with its raw path: a new timer per post id,
     * until its cap of 100 URIs dropped every later one.
     */
    private static void nameForMetrics(String path) {
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(METRICS_URI_TEMPLATE, uriTemplate(path));
        }
    }

    /** {@code /v1/posts/post_01J…/cancel} → {@code /v1/posts/{id}/cancel}: a segment with a digit is an id. */
    static String uriTemplate(String path) {
        StringBuilder template = new StringBuilder(path.length());
        int start = 0;
        while (start < path.length()) {
            int end = path.indexOf('/', start + 1);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            template.append(segment.chars().anyMatch(Character::isDigit) && !segment.equals("/v1") ? "/{id}" : segment);
            start = end;
        }
        return template.toString();
    }

    /** A media upload: streamed through to media-service under its own, larger limit. */
    private static boolean isUpload(HttpServerRequest request) {
        String path = request.path();
        return ("POST".equals(request.method().name()) && "/v1/media".equals(path))
                || ("PUT".equals(request.method().name()) && path.startsWith("/v1/media/uploads/"));
    }

    /** Three base64url parts: worth asking the OIDC provider's keys about. */
    private static boolean looksLikeJwt(String token) {
        return token.length() < 16_384 && token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    }

    /** A 401, or a 429 once this address has failed too often (keys cannot be brute-forced). */
    private void refuse(RoutingContext ctx, String message, String requestId) {
        then(ctx, failedAuthentications.count(ctx), attempts -> {
            ctx.request().resume();
            FailedAuthentications.refuse(ctx, attempts, message, requestId);
        });
    }

    private void send(RoutingContext ctx, String base, CallerIdentity caller, String requestId) {
        upstream.forward(ctx, base, caller == null ? null : tokens.tokenFor(caller), requestId);
    }

    /** The caller's request id when it is a sane token (so their logs and ours match), else a new one. */
    public static String requestId(String given) {
        return given != null && CLIENT_REQUEST_ID.matcher(given).matches() ? given : Ids.newId("req");
    }

    /** The token of an {@code Authorization: Bearer …} header; null without one. */
    public static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = header.substring(7).trim();
        return value.isEmpty() ? null : value;
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static long parseSize(String size) {
        String value = size.trim().toUpperCase();
        long unit = 1;
        if (value.endsWith("K")) {
            unit = 1024;
        } else if (value.endsWith("M")) {
            unit = 1024 * 1024;
        } else if (value.endsWith("G")) {
            unit = 1024L * 1024 * 1024;
        }
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        return Long.parseLong(digits) * unit;
    }
}
