package dev.herald.gateway.mcp;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import reactor.core.publisher.Mono;

/**
 * MCP's Streamable HTTP transport (spec 2025-03-26 and later) on Vert.x, for the gateway's {@code /v1/mcp}: a POSTed
 * {@code initialize} opens a session named by the {@code Mcp-Session-Id} response header; later POSTs carry it and a
 * request's answer streams back as server-sent events; GET opens the session's listening stream; DELETE ends it. The
 * SDK ships this only for servlets, which the gateway does not run. Each session belongs to the API key that opened it.
 * Methods here block (the SDK's session API is reactive but answered synchronously), so they run on worker threads.
 */
final class VertxStreamableTransport implements McpStreamableServerTransportProvider {

    private static final Logger LOG = Logger.getLogger(VertxStreamableTransport.class);
    static final String KEY_ID = "herald.key_id";

    private final McpJsonMapper json;
    private final Duration idleTimeout;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private McpStreamableServerSession.Factory sessionFactory;

    /** A session, the key that opened it (the only one that may use it) and when it was last used. */
    private static final class Session {

        private final McpStreamableServerSession mcp;
        private final String keyId;
        private volatile Instant lastUsed = Instant.now();

        Session(McpStreamableServerSession mcp, String keyId) {
            this.mcp = mcp;
            this.keyId = keyId;
        }

        McpStreamableServerSession mcp() {
            return mcp;
        }

        String keyId() {
            return keyId;
        }

        Instant lastUsed() {
            return lastUsed;
        }

        void touch() {
            lastUsed = Instant.now();
        }
    }

    VertxStreamableTransport(McpJsonMapper json, Duration idleTimeout) {
        this.json = json;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public java.util.List<String> protocolVersions() {
        return java.util.List.of(
                ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Mono.fromRunnable(() -> sessions.values().forEach(session -> {
            try {
                session.mcp().sendNotification(method, params).block();
            } catch (RuntimeException e) {
                LOG.debugf(
                        "Notification to MCP session %s failed: %s",
                        session.mcp().getId(), e.getMessage());
            }
        }));
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            sessions.values().forEach(session -> session.mcp().close());
            sessions.clear();
        });
    }

    /** Ends the sessions nobody used for the idle timeout (clients that never sent DELETE). */
    void expireIdle() {
        Instant cutoff = Instant.now().minus(idleTimeout);
        sessions.entrySet().removeIf(entry -> {
            boolean idle = entry.getValue().lastUsed().isBefore(cutoff);
            if (idle) {
                entry.getValue().mcp().close();
            }
            return idle;
        });
    }

    int sessionCount() {
        return sessions.size();
    }

    /** A POSTed JSON-RPC message: initialize, or a request, notification or response within a session. */
    void post(RoutingContext ctx, McpTransportContext context) {
        String accept = ctx.request().getHeader("Accept");
        if (accept == null || !accept.contains("application/json") || !accept.contains("text/event-stream")) {
            rpcError(ctx, 406, "The Accept header must list application/json and text/event-stream.");
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, ctx.body().asString());
        } catch (IOException | RuntimeException e) {
            rpcError(ctx, 400, "Not a JSON-RPC message: " + e.getMessage());
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest request
                && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
            initialize(ctx, request, context);
            return;
        }
        Session session = session(ctx, context);
        if (session == null) {
            return;
        }
        if (message instanceof McpSchema.JSONRPCResponse response) {
            session.mcp()
                    .accept(response)
                    .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    .block();
            ctx.response().setStatusCode(202).end();
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            session.mcp()
                    .accept(notification)
                    .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    .block();
            ctx.response().setStatusCode(202).end();
        } else if (message instanceof McpSchema.JSONRPCRequest request) {
            SseStream stream = new SseStream(ctx.response(), session.mcp().getId());
            try {
                session.mcp()
                        .responseStream(request, stream)
                        .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                        .block();
            } catch (RuntimeException e) {
                LOG.warnf(
                        "MCP request %s failed in session %s: %s",
                        request.method(), session.mcp().getId(), e);
                stream.close();
            }
        }
    }

    private void initialize(RoutingContext ctx, McpSchema.JSONRPCRequest request, McpTransportContext context) {
        McpSchema.InitializeRequest initialize;
        try {
            initialize = json.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>() {});
        } catch (RuntimeException e) {
            rpcError(ctx, 400, "Invalid initialize parameters: " + e.getMessage());
            return;
        }
        McpStreamableServerSession.McpStreamableServerSessionInit init = sessionFactory.startSession(initialize);
        McpSchema.InitializeResult result = init.initResult().block();
        sessions.put(init.session().getId(), new Session(init.session(), (String) context.get(KEY_ID)));
        ctx.response()
                .setStatusCode(200)
                .putHeader(HttpHeaders.MCP_SESSION_ID, init.session().getId())
                .putHeader("Content-Type", "application/json")
                .end(write(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null)));
    }

    /** GET: the session's listening stream, for messages the server sends on its own. */
    void get(RoutingContext ctx, McpTransportContext context) {
        String accept = ctx.request().getHeader("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            rpcError(ctx, 406, "The Accept header must list text/event-stream.");
            return;
        }
        Session session = session(ctx, context);
        if (session == null) {
            return;
        }
        SseStream stream = new SseStream(ctx.response(), session.mcp().getId());
        McpStreamableServerSession.McpStreamableServerSessionStream listening =
                session.mcp().listeningStream(stream);
        ctx.response().closeHandler(ignored -> listening.close());
        stream.open();
    }

    /** DELETE: the client ends its session. */
    void delete(RoutingContext ctx, McpTransportContext context) {
        Session session = session(ctx, context);
        if (session == null) {
            return;
        }
        session.mcp()
                .delete()
                .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                .block();
        sessions.remove(session.mcp().getId());
        ctx.response().setStatusCode(204).end();
    }

    /**
     * The session the request names, if it exists and belongs to the caller's key; else the answer is sent (400
     * without the header, 404 otherwise: the spec's signal to initialize again) and null returned.
     */
    private Session session(RoutingContext ctx, McpTransportContext context) {
        String id = ctx.request().getHeader(HttpHeaders.MCP_SESSION_ID);
        if (id == null || id.isBlank()) {
            rpcError(ctx, 400, "Send the Mcp-Session-Id header the initialize response gave.");
            return null;
        }
        Session session = sessions.get(id);
        // Another key's session is answered like an unknown one: its existence is nobody else's business.
        if (session == null || !session.keyId().equals(context.get(KEY_ID))) {
            rpcError(ctx, 404, "Unknown or expired MCP session; initialize a new one.");
            return null;
        }
        session.touch();
        return session;
    }

    /** A transport-level refusal as a JSON-RPC error without an id (the SDK's response type insists on one). */
    private void rpcError(RoutingContext ctx, int status, String message) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        error.put("id", null);
        error.put("error", Map.of("code", McpSchema.ErrorCodes.INVALID_REQUEST, "message", message));
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(write(error));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One server-sent-event stream: a request's answer (ended after it) or a session's listening stream. */
    private final class SseStream implements McpStreamableServerTransport {

        private final HttpServerResponse response;
        private final String sessionId;
        private final ReentrantLock lock = new ReentrantLock();
        private boolean started;
        private boolean closed;

        SseStream(HttpServerResponse response, String sessionId) {
            this.response = response;
            this.sessionId = sessionId;
        }

        /** Sends the headers now (a listening stream may stay silent for long). */
        void open() {
            lock.lock();
            try {
                start();
                response.write(": stream open\n\n");
            } finally {
                lock.unlock();
            }
        }

        private void start() {
            if (!started) {
                started = true;
                response.setStatusCode(200)
                        .setChunked(true)
                        .putHeader("Content-Type", "text/event-stream")
                        .putHeader("Cache-Control", "no-cache")
                        .putHeader(HttpHeaders.MCP_SESSION_ID, sessionId);
            }
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
            return Mono.fromRunnable(() -> {
                lock.lock();
                try {
                    if (closed || response.closed()) {
                        return;
                    }
                    start();
                    response.write("id: " + (messageId != null ? messageId : sessionId) + "\nevent: message\ndata: "
                            + write(message) + "\n\n");
                } catch (RuntimeException e) {
                    LOG.debugf("MCP stream of session %s is gone: %s", sessionId, e.getMessage());
                } finally {
                    lock.unlock();
                }
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return json.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(this::close);
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                if (!response.ended() && !response.closed()) {
                    start();
                    response.end();
                }
            } catch (RuntimeException e) {
                LOG.debugf("Closing the MCP stream of session %s: %s", sessionId, e.getMessage());
            } finally {
                lock.unlock();
            }
        }
    }
}
