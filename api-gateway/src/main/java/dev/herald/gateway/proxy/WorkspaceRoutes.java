package dev.herald.gateway.proxy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.gateway.identity.CallerIdentity;
import dev.herald.gateway.identity.OidcUser;
import dev.herald.gateway.identity.Workspace;
import dev.herald.gateway.identity.service.WorkspaceService;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.idempotency.IdempotentRequests;
import dev.herald.kit.idempotency.IdempotentResult;
import dev.herald.kit.page.Page;

/**
 * {@code /v1/workspaces}, served by the gateway itself once {@link ProxyRoutes} has authenticated the caller and
 * checked {@code workspaces:write}: an organization admin (OIDC user) or an agency key.
 */
@ApplicationScoped
public class WorkspaceRoutes {

    private static final Pattern ONE = Pattern.compile("/v1/workspaces/([A-Za-z0-9_]+)");

    private final WorkspaceService workspaces;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;
    private final Vertx vertx;

    public WorkspaceRoutes(
            WorkspaceService workspaces, IdempotentRequests idempotency, ObjectMapper json, Vertx vertx) {
        this.workspaces = workspaces;
        this.idempotency = idempotency;
        this.json = json;
        this.vertx = vertx;
    }

    public static boolean owns(String path) {
        return path.equals("/v1/workspaces") || path.startsWith("/v1/workspaces/");
    }

    /** @param user the signed-in user, or {@code null} for an agency key */
    void handle(RoutingContext ctx, CallerIdentity caller, OidcUser user, String requestId) {
        WorkspaceService.Admin admin = user != null
                ? new WorkspaceService.Admin(user.adminOf(), caller.mode(), null)
                : new WorkspaceService.Admin(Set.of(caller.organizationId()), caller.mode(), caller.workspaceId());
        // Idempotency-Keys are the caller's own: a user's across organizations, an agency key's in its workspace.
        String idempotencyScope = user != null ? "user:" + user.subject() : caller.workspaceId();
        OwnRoutes.serve(ctx, vertx, requestId, body -> answer(ctx, admin, idempotencyScope, body));
    }

    private OwnRoutes.Answer answer(
            RoutingContext ctx, WorkspaceService.Admin admin, String idempotencyScope, Buffer body) throws Exception {
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        Matcher one = ONE.matcher(path);
        if (path.equals("/v1/workspaces") && method.equals("POST")) {
            WorkspaceBody request = read(body);
            return OwnRoutes.Answer.of(idempotency.run(
                    idempotencyScope,
                    ctx.request().getHeader(IdempotentRequests.HEADER),
                    "POST /v1/workspaces",
                    body.toString(),
                    () -> {
                        var created = workspaces.create(
                                admin, request.name(), request.organizationId(), request.corsOrigins());
                        WorkspaceView view = WorkspaceView.of(created.workspace())
                                .withKey(new FirstKey(
                                        created.key().key().id(),
                                        created.key().key().mode(),
                                        created.key().secret()));
                        return IdempotentResult.created(view, "/v1/workspaces/" + view.id());
                    }));
        }
        if (path.equals("/v1/workspaces") && method.equals("GET")) {
            int limit = Page.checkLimit(OwnRoutes.intParam(ctx, "limit", 20));
            List<Workspace> page = workspaces.list(admin, ctx.request().getParam("cursor"), limit + 1);
            return new OwnRoutes.Answer(
                    200, json.writeValueAsString(Page.of(page, limit, WorkspaceView::of, Workspace::id)));
        }
        if (one.matches()) {
            String id = one.group(1);
            switch (method) {
                case "GET" -> {
                    return ok(workspaces.get(admin, id));
                }
                case "PATCH" -> {
                    WorkspaceBody request = read(body);
                    return ok(workspaces.update(admin, id, request.name(), request.corsOrigins()));
                }
                case "DELETE" -> {
                    return ok(workspaces.delete(admin, id));
                }
                default -> {
                    // falls through to 404
                }
            }
        }
        throw new ApiException(404, "not_found", "No such endpoint: " + method + " " + path);
    }

    private OwnRoutes.Answer ok(Workspace workspace) throws Exception {
        return new OwnRoutes.Answer(200, json.writeValueAsString(WorkspaceView.of(workspace)));
    }

    private WorkspaceBody read(Buffer body) throws Exception {
        if (body.length() == 0) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        return json.readValue(body.getBytes(), WorkspaceBody.class);
    }

    /** Body of {@code POST} and {@code PATCH /v1/workspaces}. */
    public record WorkspaceBody(String name, String organizationId, List<String> corsOrigins) {}

    /** The first key of a new workspace; its secret is shown this once. */
    public record FirstKey(String id, String mode, String secret) {}

    /** A workspace as the API shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorkspaceView(
            String id,
            String object,
            String organizationId,
            String name,
            List<String> corsOrigins,
            Instant createdAt,
            Instant deletedAt,
            FirstKey apiKey) {

        static WorkspaceView of(Workspace workspace) {
            return new WorkspaceView(
                    workspace.id(),
                    "workspace",
                    workspace.organizationId(),
                    workspace.name(),
                    workspace.corsOrigins(),
                    workspace.createdAt(),
                    workspace.deletedAt(),
                    null);
        }

        WorkspaceView withKey(FirstKey key) {
            return new WorkspaceView(id, object, organizationId, name, corsOrigins, createdAt, deletedAt, key);
        }
    }
}
