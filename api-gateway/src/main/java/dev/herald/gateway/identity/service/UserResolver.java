package dev.herald.gateway.identity.service;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.Tenant;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;

import dev.herald.gateway.config.GatewayConfig;
import dev.herald.gateway.identity.CallerIdentity;
import dev.herald.gateway.identity.OidcUser;
import dev.herald.gateway.identity.Workspace;
import dev.herald.gateway.identity.repository.WorkspaceRepository;
import dev.herald.kit.error.ApiException;

/**
 * Verifies a user's bearer JWT with quarkus-oidc (tenant {@code users}: signature against the provider's JWKS, issuer,
 * audience, expiry) and maps it to a Herald caller. Programmatic rather than HTTP-level verification, because the
 * same {@code Authorization: Bearer} header carries API keys too and only the gateway can tell them apart.
 */
@ApplicationScoped
public class UserResolver {

    private final TenantIdentityProvider provider;
    private final WorkspaceRepository workspaces;
    private final GatewayConfig.Users config;

    public UserResolver(
            @Tenant("users") TenantIdentityProvider provider, WorkspaceRepository workspaces, GatewayConfig config) {
        this.provider = provider;
        this.workspaces = workspaces;
        this.config = config.users();
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The user, or a failure when the token is not valid (bad signature, wrong issuer or audience, expired). */
    public Uni<OidcUser> verify(String token) {
        return provider.authenticate(new AccessTokenCredential(token)).map(identity -> {
            JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
            return new OidcUser(
                    jwt.getSubject(), jwt.getClaim("email"), roles(jwt.getClaim(config.organizationsClaim())));
        });
    }

    /**
     * The caller a user is in {@code workspaceId} (the {@code Herald-Workspace} header); without one, an
     * organization-level caller (enough for {@code /v1/me} and {@code /v1/workspaces}). Must run off the event loop.
     *
     * @throws ApiException 404 when the workspace does not exist or belongs to none of the user's organizations
     */
    @Transactional
    public CallerIdentity callerFor(OidcUser user, Optional<String> workspaceId, String mode) {
        if (workspaceId.isEmpty()) {
            return new CallerIdentity(null, null, null, mode, user.organizationScopes(), user.subject(), List.of());
        }
        Workspace workspace = workspaces
                .findByIdOptional(workspaceId.get())
                .filter(w -> !w.isDeleted() && user.roles().containsKey(w.organizationId()))
                .orElseThrow(() -> ApiException.notFound("workspace", workspaceId.get()));
        return new CallerIdentity(
                null,
                workspace.id(),
                workspace.organizationId(),
                mode,
                user.scopesIn(workspace.organizationId()),
                user.subject(),
                workspace.corsOrigins());
    }

    /** Reads the organizations claim in either of its two shapes; anything else gives no roles. */
    static Map<String, String> roles(Object claim) {
        Map<String, String> roles = new LinkedHashMap<>();
        if (claim instanceof JsonObject object) {
            object.forEach((organization, role) -> {
                if (role instanceof JsonString text) {
                    roles.put(organization, text.getString());
                }
            });
        } else if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString text) {
                    addPair(roles, text.getString());
                }
            }
        } else if (claim instanceof Collection<?> values) {
            values.forEach(value -> addPair(roles, String.valueOf(value)));
        } else if (claim instanceof String text) {
            addPair(roles, text);
        }
        return roles;
    }

    private static void addPair(Map<String, String> roles, String pair) {
        int colon = pair.lastIndexOf(':');
        if (colon > 0 && colon < pair.length() - 1) {
            String organization = pair.substring(0, colon);
            String role = pair.substring(colon + 1);
            // The strongest role wins when an organization is listed twice.
            if (!OidcUser.ADMIN.equals(roles.get(organization))) {
                roles.put(organization, role);
            }
        }
    }
}
