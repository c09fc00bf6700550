package dev.herald.gateway.proxy;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's side of the services: pooled HTTP clients (one per event loop) that stream a request to the owning service and its
 * answer back, dropping hop-by-hop headers and the caller's own credentials.
 */
@ApplicationScoped
public class Upstream {

    private static final Logger LOG = Logger.getLogger(Upstream.class);
    /** Hop-by-hop headers (RFC 9110 §7.6.1) and the caller's credentials never cross the gateway. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "authorization",
            "x-request-id",
            "x-forwarded-for");

    private final Vertx vertx;
    /** Each service base URL, parsed once: building a request from an absolute URI parses a java.net.URL each time. */
    private final ConcurrentHashMap<String, Target> targets = new ConcurrentHashMap<>();

    /**
     * One pooled client per event loop. A client shared by every loop hands a request the first idle connection, often
     * one bound to another loop, and each such request then crosses threads twice (to write, and back with the answer),
     * each crossing a wait for a core on a busy machine. A client used by one loop only opens, and reuses, connections on
     * that loop.
     */
    private final ConcurrentHashMap<Thread, HttpClient> clients = new ConcurrentHashMap<>();

    private HttpClient shared;

    public Upstream(Vertx vertx) {
        this.vertx = vertx;
    }

    @PostConstruct
    void start() {
        shared = newClient();
    }

    @PreDestroy
    void stop() {
        clients.values().forEach(HttpClient::close);
        shared.close();
    }

    private HttpClient newClient() {
        return vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                // Per event loop and service (Quarkus runs two loops per core: 200 per service on two cores, the
                // ceiling of the one shared client before). A stall made the clients open hundreds of connections,
                // all kept afterwards (451 to the post-service in one benchmark run); past this, requests wait for
                // a connection instead of adding connection set-up to an overloaded machine.
                .setMaxPoolSize(50)
                .setConnectTimeout(5_000)
                .setIdleTimeout(60));
    }

    /** This event loop's client; the shared one elsewhere (not expected: requests are forwarded from event loops). */
    private HttpClient client() {
        return Context.isOnEventLoopThread()
                ? clients.computeIfAbsent(Thread.currentThread(), loop -> newClient())
                : shared;
    }

    /**
     * Streams the request to {@code base} and the answer back, with {@code bearer} (an internal token) as the only
     * credential, or none for a public route.
     */
    void forward(RoutingContext ctx, String base, String bearer, String requestId) {
        HttpServerRequest request = ctx.request();
        // Held until the upstream request exists (the pipe below resumes it): body bytes arriving meanwhile would
        // otherwise pile up in the gateway's memory — a 200 MB upload is more than its heap.
        request.pause();
        Target target = targets.computeIfAbsent(base, Target::of);
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.path() + request.uri())
                .setIdleTimeout(60_000);
        client().request(options)
                .onFailure(e -> {
                    request.resume();
                    upstreamDown(ctx, base, e, requestId);
                })
                .onSuccess(upstream -> {
                    copyHeaders(request.headers(), upstream.headers());
                    if (bearer != null) {
                        upstream.putHeader("Authorization", "Bearer " + bearer);
                    }
                    upstream.putHeader(ProxyRoutes.REQUEST_ID_HEADER, requestId);
                    upstream.putHeader(
                            "X-Forwarded-For",
                            request.remoteAddress() == null
                                    ? ""
                                    : request.remoteAddress().hostAddress());
                    var sent = ctx.body().available() && ctx.body().buffer() != null
                            ? upstream.send(ctx.body().buffer())
                            : upstream.send(request);
                    sent.onSuccess(response -> relay(ctx, response))
                            .onFailure(e -> upstreamDown(ctx, base, e, requestId));
                });
    }

    private static void relay(RoutingContext ctx, HttpClientResponse response) {
        ctx.response().setStatusCode(response.statusCode());
        response.headers().forEach(header -> {
            String name = header.getKey().toLowerCase();
            if (!NOT_FORWARDED.contains(name) && !name.equals("content-length")) {
                ctx.response().headers().add(header.getKey(), header.getValue());
            }
        });
        String length = response.getHeader("content-length");
        if (length != null) {
            ctx.response().putHeader("content-length", length);
        } else {
            ctx.response().setChunked(true);
        }
        response.pipeTo(ctx.response());
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase())) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static void upstreamDown(RoutingContext ctx, String base, Throwable e, String requestId) {
        LOG.warnf("Upstream %s failed (request %s): %s", base, requestId, e.getMessage());
        if (!ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", "2");
        }
        GatewayErrors.send(
                ctx,
                503,
                "service_unavailable",
                "The service handling this request is unavailable; try again shortly.",
                requestId);
    }

    /** Where a service base URL points: host, port, TLS, and a path prefix (usually empty). */
    private record Target(String host, int port, boolean ssl, String path) {

        static Target of(String base) {
            URI uri = URI.create(base);
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
            String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
            return new Target(uri.getHost(), port, ssl, path);
        }
    }
}
