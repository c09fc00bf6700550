package dev.herald.gateway.proxy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.gateway.identity.ApiKey;
import dev.herald.gateway.identity.CallerIdentity;
import dev.herald.gateway.identity.service.ApiKeyService;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.idempotency.IdempotentRequests;
import dev.herald.kit.idempotency.IdempotentResult;
import dev.herald.kit.page.Page;

/**
 * {@code /v1/api-keys}, served by the gateway itself once {@link ProxyRoutes} has authenticated the caller, applied
 * the rate limit and checked {@code keys:write}.
 */
@ApplicationScoped
public class ApiKeyRoutes {

    private static final Pattern ONE = Pattern.compile("/v1/api-keys/([A-Za-z0-9_]+)");
    private static final Pattern ROTATE = Pattern.compile("/v1/api-keys/([A-Za-z0-9_]+)/rotate");

    private final ApiKeyService keys;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;
    private final Vertx vertx;

    public ApiKeyRoutes(ApiKeyService keys, IdempotentRequests idempotency, ObjectMapper json, Vertx vertx) {
        this.keys = keys;
        this.idempotency = idempotency;
        this.json = json;
        this.vertx = vertx;
    }

    public static boolean owns(String path) {
        return path.equals("/v1/api-keys") || path.startsWith("/v1/api-keys/");
    }

    void handle(RoutingContext ctx, CallerIdentity caller, String requestId) {
        OwnRoutes.serve(ctx, vertx, requestId, body -> answer(ctx, caller, body));
    }

    private OwnRoutes.Answer answer(RoutingContext ctx, CallerIdentity caller, Buffer body) throws Exception {
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        Matcher rotate = ROTATE.matcher(path);
        Matcher one = ONE.matcher(path);
        if (path.equals("/v1/api-keys") && method.equals("POST")) {
            CreateKey request = body.length() == 0
                    ? new CreateKey(null, null, null)
                    : json.readValue(body.getBytes(), CreateKey.class);
            return idempotently(ctx, caller, "POST /v1/api-keys", body, () -> {
                ApiKey.Issued issued = keys.create(caller, request.name(), request.scopes(), request.expiresAt());
                return IdempotentResult.created(
                        KeyView.of(issued.key(), issued.secret()),
                        "/v1/api-keys/" + issued.key().id());
            });
        }
        if (path.equals("/v1/api-keys") && method.equals("GET")) {
            int limit = Page.checkLimit(OwnRoutes.intParam(ctx, "limit", 20));
            List<ApiKey> page = keys.list(caller.workspaceId(), ctx.request().getParam("cursor"), limit + 1);
            return new OwnRoutes.Answer(
                    200, json.writeValueAsString(Page.of(page, limit, k -> KeyView.of(k, null), ApiKey::id)));
        }
        if (rotate.matches() && method.equals("POST")) {
            RotateKey request =
                    body.length() == 0 ? new RotateKey(null) : json.readValue(body.getBytes(), RotateKey.class);
            Duration grace = request.gracePeriodSeconds() == null
                    ? null
                    : Duration.ofSeconds(Math.max(0, request.gracePeriodSeconds()));
            return idempotently(ctx, caller, "POST /v1/api-keys/" + rotate.group(1) + "/rotate", body, () -> {
                ApiKey.Issued issued = keys.rotate(caller.workspaceId(), rotate.group(1), grace);
                return IdempotentResult.created(
                        KeyView.of(issued.key(), issued.secret()),
                        "/v1/api-keys/" + issued.key().id());
            });
        }
        if (one.matches() && method.equals("DELETE")) {
            return new OwnRoutes.Answer(
                    200, json.writeValueAsString(KeyView.of(keys.revoke(caller.workspaceId(), one.group(1)), null)));
        }
        throw new ApiException(404, "not_found", "No such endpoint: " + method + " " + path);
    }

    /**
     * A creating call run at most once per {@code Idempotency-Key} of this workspace: a retry of a lost answer gets
     * the same key (and secret) back instead of a second key.
     */
    private OwnRoutes.Answer idempotently(
            RoutingContext ctx,
            CallerIdentity caller,
            String operation,
            Buffer body,
            Supplier<IdempotentResult> action) {
        return OwnRoutes.Answer.of(idempotency.run(
                caller.workspaceId(),
                ctx.request().getHeader(IdempotentRequests.HEADER),
                operation,
                body.length() == 0 ? "{}" : body.toString(),
                action));
    }

    /** Body of {@code POST /v1/api-keys}. */
    public record CreateKey(String name, List<String> scopes, Instant expiresAt) {}

    /** Body of {@code POST /v1/api-keys/{id}/rotate}. */
    public record RotateKey(Long gracePeriodSeconds) {}

    /** A key as the API shows it; {@code secret} only right after creation or rotation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(
            String id,
            String object,
            String name,
            String mode,
            String prefix,
            String last4,
            List<String> scopes,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            String rotatedFrom,
            Instant lastUsedAt,
            String secret) {

        static KeyView of(ApiKey key, String secret) {
            return new KeyView(
                    key.id(),
                    "api_key",
                    key.name(),
                    key.mode(),
                    key.prefix(),
                    key.last4(),
                    List.of(key.scopes().split(" ")),
                    key.createdAt(),
                    key.expiresAt(),
                    key.revokedAt(),
                    key.rotatedFrom(),
                    key.lastUsedAt(),
                    secret);
        }
    }
}
