package dev.herald.gateway.identity.service;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.gateway.config.GatewayConfig;
import dev.herald.gateway.identity.ApiKey;
import dev.herald.gateway.identity.ApiKeyFormat;
import dev.herald.gateway.identity.CallerIdentity;
import dev.herald.gateway.identity.repository.ApiKeyRepository;
import dev.herald.gateway.identity.repository.WorkspaceRepository;

/**
 * Resolves a bearer API key to its caller. Results (including "unknown") are cached for a few seconds per replica so a
 * request costs no database round trip, while a revoked key stops working everywhere within that time.
 */
@ApplicationScoped
public class KeyResolver {

    private static final int MAX_CACHED = 100_000;

    private final ApiKeyRepository keys;
    private final WorkspaceRepository workspaces;
    private final GatewayConfig config;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public KeyResolver(ApiKeyRepository keys, WorkspaceRepository workspaces, GatewayConfig config) {
        this.keys = keys;
        this.workspaces = workspaces;
        this.config = config;
    }

    /**
     * The cached answer for this key, if fresh: no database, no transaction, safe on the event loop (one SHA-256).
     * Empty when the key must be {@link #resolve resolved}.
     */
    public Optional<Optional<CallerIdentity>> cached(String secret) {
        if (!ApiKeyFormat.isWellFormed(secret)) {
            return Optional.of(Optional.empty()); // malformed or mistyped: no database look-up
        }
        Cached cached = cache.get(ApiKey.hash(secret));
        return cached != null && cached.expiresAt().isAfter(Instant.now())
                ? Optional.of(cached.identity())
                : Optional.empty();
    }

    /** Must be called off the event loop: a cache miss reads the database (in a transaction of its own). */
    public Optional<CallerIdentity> resolve(String secret) {
        Optional<Optional<CallerIdentity>> cached = cached(secret);
        if (cached.isPresent()) {
            return cached.get();
        }
        String hash = ApiKey.hash(secret);
        // A deleted workspace's keys stop working with it.
        Optional<CallerIdentity> identity = QuarkusTransaction.requiringNew()
                .call(() -> keys.findActiveByHash(hash)
                        .filter(ApiKey::isActive)
                        .flatMap(key -> workspaces
                                .findByIdOptional(key.workspaceId())
                                .filter(workspace -> !workspace.isDeleted())
                                .map(workspace -> CallerIdentity.of(key, workspace))));
        if (cache.size() >= MAX_CACHED) {
            cache.clear(); // a crude bound against a flood of random keys; entries are cheap to reload
        }
        cache.put(hash, new Cached(identity, Instant.now().plus(config.keyCacheTtl())));
        return identity;
    }

    private record Cached(Optional<CallerIdentity> identity, Instant expiresAt) {}
}
