package dev.herald.kit.security;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.herald.events.InternalToken;
import dev.herald.kit.error.ApiException;

/** Who is calling, read from the gateway's verified internal JWT: the workspace every query is scoped to. */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    public String workspaceId() {
        String workspace = token.getClaim(InternalToken.WORKSPACE_CLAIM);
        if (workspace == null || workspace.isBlank()) {
            // A token without a workspace was not minted by the gateway for a tenant request.
            throw new ApiException(401, "unauthorized", "The request carries no workspace.");
        }
        return workspace;
    }

    public String mode() {
        String mode = token.getClaim(InternalToken.MODE_CLAIM);
        return mode == null ? "live" : mode;
    }

    public boolean testMode() {
        return "test".equals(mode());
    }

    public String keyId() {
        return token.getSubject();
    }

    public Set<String> scopes() {
        String scope = token.getClaim(InternalToken.SCOPE_CLAIM);
        return scope == null || scope.isBlank() ? Set.of() : Set.of(scope.trim().split("\\s+"));
    }
}
