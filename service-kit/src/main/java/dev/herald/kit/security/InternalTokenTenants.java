package dev.herald.kit.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import dev.herald.events.InternalToken;

/**
 * Which key verifies a request's bearer token.
 *
 * <p>{@code /internal/*} is for other Herald services only: it takes only service tokens ({@link ServiceTokens}),
 * signed with the service key ({@code herald.service-jwt.public-key}), issued by {@link InternalToken#SERVICE_ISSUER}
 * for this service (audience {@code quarkus.application.name}). Without that key configured, {@code /internal/*}
 * takes nothing. Everything else takes the gateway's tokens.
 *
 * <p>Rotating the gateway's signing key without downtime: while {@code herald.internal-jwt.previous-public-key} is
 * set, a token whose {@code kid} names that key is verified with it; every other token with the current key
 * ({@code herald.internal-jwt.public-key}, the default tenant). Rotation: give the services the new key as current and
 * the old one as previous, switch the gateway to the new private key, and once its old tokens have expired (a
 * minute), drop the previous key.
 */
@ApplicationScoped
public class InternalTokenTenants implements TenantConfigResolver {

    private final Optional<String> previousKey;
    private final Optional<String> previousKeyId;
    private final OidcTenantConfig services;

    public InternalTokenTenants(
            @ConfigProperty(name = "herald.internal-jwt.previous-public-key") Optional<String> previousPublicKey,
            @ConfigProperty(name = "herald.service-jwt.public-key") Optional<String> servicePublicKey,
            @ConfigProperty(name = "quarkus.application.name") String serviceName) {
        this.previousKey = previousPublicKey.map(String::trim).filter(key -> !key.isEmpty());
        this.previousKeyId = previousKey.map(
                key -> InternalToken.keyId(RsaKeys.publicKey(key, "herald.internal-jwt.previous-public-key")));
        this.services = servicePublicKey
                .map(String::trim)
                .filter(key -> !key.isEmpty())
                .map(key -> OidcTenantConfig.builder()
                        .tenantId("internal-services")
                        .applicationType(ApplicationType.SERVICE)
                        .publicKey(key)
                        .token()
                        .issuer(InternalToken.SERVICE_ISSUER)
                        .audience(serviceName)
                        .end()
                        .build())
                .orElseGet(() -> OidcTenantConfig.builder()
                        .tenantId("internal-services-unconfigured")
                        .tenantEnabled(false)
                        .build());
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        if (context.normalizedPath().startsWith("/internal/")) {
            return Uni.createFrom().item(services);
        }
        if (previousKeyId.isEmpty()
                || !previousKeyId.get().equals(keyIdOf(context).orElse(null))) {
            return Uni.createFrom().nullItem(); // the default tenant: the current key
        }
        return Uni.createFrom()
                .item(OidcTenantConfig.builder()
                        .tenantId("internal-previous-key")
                        .applicationType(ApplicationType.SERVICE)
                        .publicKey(previousKey.get())
                        .token()
                        .issuer(InternalToken.ISSUER)
                        .audience(InternalToken.AUDIENCE)
                        .end()
                        .build());
    }

    /** The unverified {@code kid} of the bearer token: only to pick the key that then verifies it. */
    static Optional<String> keyIdOf(RoutingContext context) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 2048) {
            return Optional.empty();
        }
        try {
            JsonObject jose = new JsonObject(
                    new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
            return Optional.ofNullable(jose.getString("kid"));
        } catch (RuntimeException e) {
            return Optional.empty(); // not a JWT: the default tenant refuses it
        }
    }
}
