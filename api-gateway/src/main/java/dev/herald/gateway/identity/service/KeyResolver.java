package dev.herald.gateway.identity.service;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

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

    /** Must be called off the event loop: a cache miss reads the database. */
    @Transactional
    public Optional<CallerIdentity> resolve(String secret) {
        if (!ApiKeyFormat.isWellFormed(secret)) {
            return Optional.empty(); // malformed or mistyped: no database look-up
        }
        String hash = ApiKey.hash(secret);
        Instant now = Instant.now();
        Cached cached = cache.get(hash);
        if (cached != null && cached.expiresAt().isAfter(now)) {
            return cached.identity();
        }
        // A deleted workspace's keys stop working with it.
        Optional<CallerIdentity> identity = keys.findActiveByHash(hash)
                .filter(ApiKey::isActive)
                .flatMap(key -> workspaces
                        .findByIdOptional(key.workspaceId())
                        .filter(workspace -> !workspace.isDeleted())
                        .map(workspace -> CallerIdentity.of(key, workspace)));
        if (cache.size() >= MAX_CACHED) {
            cache.clear(); // a crude bound against a flood of random keys; entries are cheap to reload
        }
        cache.put(hash, new Cached(identity, now.plus(config.keyCacheTtl())));
        return identity;
    }

    private record Cached(Optional<CallerIdentity> identity, Instant expiresAt) {}
}
