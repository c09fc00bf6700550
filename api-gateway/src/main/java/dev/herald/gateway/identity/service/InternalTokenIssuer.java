package dev.herald.gateway.identity.service;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;

import dev.herald.events.InternalToken;
import dev.herald.gateway.config.GatewayConfig;
import dev.herald.gateway.identity.CallerIdentity;
import dev.herald.kit.security.RsaKeys;

/**
 * Signs the short-lived internal JWT (RS256) that tells a service who is calling. A token is reused for half its
 * lifetime: RSA signing per request would cost more than the rest of the gateway's work.
 */
@ApplicationScoped
public class InternalTokenIssuer {

    private static final String SETTING = "herald.gateway.internal-jwt.private-key";

    private final PrivateKey signingKey;
    /** Names the key in each token, so services can verify with the right one while keys rotate. */
    private final String keyId;

    private final GatewayConfig config;
    private final ConcurrentHashMap<CallerIdentity, Issued> cache = new ConcurrentHashMap<>();
    private final Set<CallerIdentity> refreshing = ConcurrentHashMap.newKeySet();
    private final Executor refresher = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "internal-token-refresh");
        thread.setDaemon(true);
        return thread;
    });

    public InternalTokenIssuer(GatewayConfig config) {
        this.config = config;
        this.signingKey = RsaKeys.privateKey(config.internalJwt().privateKey(), SETTING);
        this.keyId = InternalToken.keyId(RsaKeys.publicKeyOf(signingKey, SETTING));
    }

    /**
     * A valid token for the caller. Signing (RSA, milliseconds without C2) happens here only when there is no usable
     * token; once a token is past half its life the next one is signed on a worker thread while this one is still
     * handed out, so the event loop rarely signs.
     */
    public String tokenFor(CallerIdentity caller) {
        Instant now = Instant.now();
        Issued issued = cache.get(caller);
        if (issued != null && issued.usableUntil().isAfter(now)) {
            if (!issued.refreshAt().isAfter(now) && refreshing.add(caller)) {
                refresher.execute(() -> {
                    try {
                        sign(caller, Instant.now());
                    } finally {
                        refreshing.remove(caller);
                    }
                });
            }
            return issued.token();
        }
        return sign(caller, now);
    }

    private String sign(CallerIdentity caller, Instant now) {
        long ttl = config.internalJwt().ttl().toSeconds();
        String token = Jwt.issuer(InternalToken.ISSUER)
                .audience(InternalToken.AUDIENCE)
                .subject(caller.subject())
                .claim(InternalToken.WORKSPACE_CLAIM, caller.workspaceId())
                .claim(InternalToken.MODE_CLAIM, caller.mode())
                .claim(InternalToken.SCOPE_CLAIM, caller.scopes())
                .issuedAt(now)
                .expiresAt(now.plusSeconds(ttl))
                .jws()
                .keyId(keyId)
                .sign(signingKey);
        if (cache.size() > 50_000) {
            cache.clear();
        }
        // Handed out until 10 s before expiry at the latest, so a service never receives an expired token.
        cache.put(caller, new Issued(token, now.plusSeconds(ttl / 2), now.plusSeconds(Math.max(ttl / 2, ttl - 10))));
        return token;
    }

    private record Issued(String token, Instant refreshAt, Instant usableUntil) {}
}
