package dev.herald.gateway.identity;

import java.util.List;

/**
 * Who a request comes from: an API key of a workspace, or a signed-in user (OIDC) acting in a workspace.
 *
 * @param keyId the API key; {@code null} for a user
 * @param workspaceId the workspace acted in; {@code null} for a user's organization-level calls ({@code /v1/workspaces})
 * @param userId the OIDC subject; {@code null} for an API key
 * @param corsOrigins browser origins the workspace allows
 */
public record CallerIdentity(
        String keyId,
        String workspaceId,
        String organizationId,
        String mode,
        String scopes,
        String userId,
        List<String> corsOrigins) {

    public static CallerIdentity of(ApiKey key, Workspace workspace) {
        return new CallerIdentity(
                key.id(),
                key.workspaceId(),
                workspace.organizationId(),
                key.mode(),
                key.scopes(),
                null,
                workspace.corsOrigins());
    }

    public boolean hasScope(String scope) {
        return (" " + scopes + " ").contains(" " + scope + " ");
    }

    public boolean isUser() {
        return userId != null;
    }

    /** Whom the limits and the internal token are for: the key, or the user. */
    public String subject() {
        return isUser() ? "user:" + userId : keyId;
    }

    public boolean allowsOrigin(String origin) {
        return origin != null && corsOrigins.contains(origin);
    }
}
