package dev.herald.kit.security;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.jwt.build.Jwt;

import dev.herald.events.InternalToken;

/**
 * Signs this service's calls to another Herald service's {@code /internal} API: RS256 with the service key
 * ({@code herald.service-jwt.private-key}), issuer {@link InternalToken#SERVICE_ISSUER}, audience the called service,
 * subject this service, and the workspace whose data the call is about (the called service scopes every query to it,
 * as for a tenant's request). Two minutes long, reused for half of that: RSA signing per call would cost more than
 * most calls.
 */
@ApplicationScoped
public class ServiceTokens {

    static final String PRIVATE_KEY = "herald.service-jwt.private-key";
    private static final Duration TTL = Duration.ofMinutes(2);

    private final Optional<PrivateKey> key;
    private final String keyId;
    private final String serviceName;
    private final ConcurrentHashMap<Audience, Issued> issued = new ConcurrentHashMap<>();

    public ServiceTokens(
            @ConfigProperty(name = PRIVATE_KEY) Optional<String> privateKey,
            @ConfigProperty(name = "quarkus.application.name") String serviceName) {
        this.key = privateKey
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .map(value -> RsaKeys.privateKey(value, PRIVATE_KEY));
        this.keyId = key.map(k -> InternalToken.keyId(RsaKeys.publicKeyOf(k, PRIVATE_KEY)))
                .orElse(null);
        this.serviceName = serviceName;
    }

    /** The {@code Authorization} header value for a call to {@code service} about {@code workspaceId}'s data. */
    public String bearer(String service, String workspaceId) {
        return "Bearer " + token(service, workspaceId);
    }

    public String token(String service, String workspaceId) {
        Instant now = Instant.now();
        Audience audience = new Audience(service, workspaceId);
        Issued current = issued.get(audience);
        if (current != null && current.refreshAt().isAfter(now)) {
            return current.token();
        }
        PrivateKey signingKey = key.orElseThrow(() -> new IllegalStateException(
                PRIVATE_KEY + " is not set: " + serviceName + " cannot call " + service + "'s internal API"));
        String token = Jwt.issuer(InternalToken.SERVICE_ISSUER)
                .audience(service)
                .subject(serviceName)
                .claim(InternalToken.WORKSPACE_CLAIM, workspaceId)
                .issuedAt(now)
                .expiresAt(now.plus(TTL))
                .jws()
                .keyId(keyId)
                .sign(signingKey);
        if (issued.size() > 10_000) {
            issued.clear();
        }
        issued.put(audience, new Issued(token, now.plus(TTL.dividedBy(2))));
        return token;
    }

    private record Audience(String service, String workspaceId) {}

    private record Issued(String token, Instant refreshAt) {}
}
