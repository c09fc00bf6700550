package dev.herald.gateway.mcp;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.herald.gateway.config.GatewayConfig;
import dev.herald.gateway.identity.ApiKeyFormat;
import dev.herald.gateway.identity.CallerIdentity;
import dev.herald.gateway.identity.service.KeyResolver;
import dev.herald.gateway.proxy.FailedAuthentications;
import dev.herald.gateway.proxy.GatewayErrors;
import dev.herald.gateway.proxy.ProxyRoutes;
import dev.herald.mcp.HeraldTools;

/**
 * {@code /v1/mcp}: Herald's MCP server over Streamable HTTP (docs/mcp.md), for callers with an API key. The key is
 * checked here (401 without a valid one, failed attempts counted like the REST API's); each tool call then goes
 * through the gateway's own {@code /v1} door with that key ({@link GatewayRest}), so it is authorized, scoped and
 * rate-limited exactly like the REST call it stands for. MCP's own messages (initialize, tools/list) are not counted.
 */
@ApplicationScoped
public class McpRoutes {

    public static final String PATH = "/v1/mcp";
    private static final Logger LOG = Logger.getLogger(McpRoutes.class);
    /** MCP messages carry tool arguments, never files. */
    private static final long MAX_MESSAGE_BYTES = 1024 * 1024;

    private static final String API_KEY = "herald.api_key";
    private static final String BASE_URL = "herald.base_url";

    private final KeyResolver keys;
    private final FailedAuthentications failedAuthentications;
    private final Vertx vertx;
    private final HttpClient http;
    private final VertxStreamableTransport transport;
    private final McpSyncServer server;
    private final long expiryTimer;

    public McpRoutes(KeyResolver keys, FailedAuthentications failedAuthentications, GatewayConfig config, Vertx vertx) {
        this.keys = keys;
        this.failedAuthentications = failedAuthentications;
        this.vertx = vertx;
        // HTTP/1.1: the gateway serves no cleartext HTTP/2 (see application.properties).
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.transport = new VertxStreamableTransport(
                McpJsonDefaults.getMapper(), config.mcp().sessionIdleTimeout());
        this.server = new HeraldTools()
                .configure(McpServer.sync(transport), exchange -> rest(exchange.transportContext()))
                .build();
        this.expiryTimer = vertx.setPeriodic(
                60_000,
                ignored -> vertx.executeBlocking(() -> {
                    transport.expireIdle();
                    return null;
                }));
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(expiryTimer);
        server.closeGracefully();
    }

    /** Ahead of the proxy's {@code /v1/*} route, which would answer 404 for a path no service owns. */
    void register(@Observes Router router) {
        router.route(PATH)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 1)
                .handler(BodyHandler.create().setBodyLimit(MAX_MESSAGE_BYTES))
                .blockingHandler(this::handle, false);
    }

    private GatewayRest rest(McpTransportContext context) {
        return new GatewayRest(http, (String) context.get(BASE_URL), (String) context.get(API_KEY));
    }

    private void handle(RoutingContext ctx) {
        String requestId = ProxyRoutes.requestId(ctx.request().getHeader(ProxyRoutes.REQUEST_ID_HEADER));
        ctx.response().putHeader(ProxyRoutes.REQUEST_ID_HEADER, requestId);
        String secret = ProxyRoutes.bearer(ctx.request().getHeader("Authorization"));
        Optional<CallerIdentity> caller = secret == null || !ApiKeyFormat.isWellFormed(secret)
                ? Optional.empty()
                : keys.resolve(secret).filter(identity -> identity.keyId() != null);
        if (caller.isEmpty()) {
            // The same counter as the REST API's, so keys cannot be guessed here either.
            FailedAuthentications.refuse(
                    ctx,
                    failedAuthentications.count(ctx).join(),
                    "Send a valid API key as 'Authorization: Bearer hk_…'.",
                    requestId);
            return;
        }
        McpTransportContext context = McpTransportContext.create(Map.of(
                VertxStreamableTransport.KEY_ID,
                caller.get().keyId(),
                API_KEY,
                secret,
                BASE_URL,
                selfUrl(ctx.request().localAddress())));
        try {
            switch (ctx.request().method().name()) {
                case "POST" -> transport.post(ctx, context);
                case "GET" -> transport.get(ctx, context);
                case "DELETE" -> transport.delete(ctx, context);
                default -> {
                    ctx.response().putHeader("Allow", "GET, POST, DELETE");
                    GatewayErrors.send(ctx, 405, "method_not_allowed", "Use POST, GET or DELETE.", requestId);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "MCP request failed (request %s)", requestId);
            if (!ctx.response().ended()) {
                GatewayErrors.send(ctx, 500, "internal_error", "The MCP request failed.", requestId);
            }
        }
    }

    /** This gateway as the MCP client reached it: the address and port it is certainly listening on. */
    static String selfUrl(SocketAddress local) {
        String host = local.hostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + local.port();
    }
}
