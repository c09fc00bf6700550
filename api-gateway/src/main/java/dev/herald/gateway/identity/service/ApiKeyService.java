package dev.herald.gateway.identity.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.gateway.config.GatewayConfig;
import dev.herald.gateway.identity.ApiKey;
import dev.herald.gateway.identity.CallerIdentity;
import dev.herald.gateway.identity.repository.ApiKeyRepository;
import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;

/** A workspace's API keys: create (secret shown once), list, rotate with a grace period, revoke at once. */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final GatewayConfig config;

    public ApiKeyService(ApiKeyRepository keys, GatewayConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** A new key of the caller's workspace and mode, with at most the caller's own scopes. */
    @Transactional
    public ApiKey.Issued create(CallerIdentity caller, String name, List<String> scopes, Instant expiresAt) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ApiException.invalid(
                    "A name of 1 to 100 characters is required.",
                    List.of(new ApiError.Detail("name", "required", "1 to 100 characters.")));
        }
        Set<String> wanted = scopes == null ? Set.of(caller.scopes().split(" ")) : Set.copyOf(scopes);
        if (!ApiKey.GRANTABLE_SCOPES.containsAll(wanted)) {
            throw ApiException.invalid(
                    "Unknown scope.",
                    List.of(new ApiError.Detail(
                            "scopes",
                            "unknown_scope",
                            "Scopes are: " + String.join(" ", new TreeSet<>(ApiKey.GRANTABLE_SCOPES)))));
        }
        List<String> beyond = wanted.stream()
                .filter(scope -> !caller.hasScope(scope))
                .sorted()
                .toList();
        if (!beyond.isEmpty()) {
            throw new ApiException(403, "scope_escalation", "A key cannot grant scopes it does not have: " + beyond);
        }
        Instant now = Instant.now();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiException.invalid(
                    "expires_at must be in the future.",
                    List.of(new ApiError.Detail("expires_at", "in_past", "Use a future time.")));
        }
        ApiKey.Issued issued = ApiKey.issue(caller.workspaceId(), name.trim(), caller.mode(), wanted, now);
        if (expiresAt != null) {
            issued.key().expireAt(expiresAt);
        }
        keys.persist(issued.key());
        return issued;
    }

    @Transactional
    public List<ApiKey> list(String workspaceId, String cursor, int limit) {
        return keys.page(workspaceId, cursor, limit);
    }

    /** A new secret; the old one keeps working for the grace period (default {@code herald.gateway.key-rotation-grace}). */
    @Transactional
    public ApiKey.Issued rotate(String workspaceId, String keyId, Duration grace) {
        ApiKey key = find(workspaceId, keyId);
        Instant now = Instant.now();
        if (!key.isActiveAt(now)) {
            throw new ApiException(409, "key_not_active", "This key is revoked or expired; create a new one.");
        }
        ApiKey.Issued next = key.rotate(now.plus(grace == null ? config.keyRotationGrace() : grace), now);
        keys.persist(next.key());
        return next;
    }

    @Transactional
    public ApiKey revoke(String workspaceId, String keyId) {
        ApiKey key = find(workspaceId, keyId);
        key.revoke(Instant.now());
        return key;
    }

    private ApiKey find(String workspaceId, String keyId) {
        return keys.findInWorkspace(workspaceId, keyId).orElseThrow(() -> ApiException.notFound("API key", keyId));
    }
}
