package dev.herald.gateway.identity;

/** Who a request comes from, once its API key is resolved. */
public record CallerIdentity(String keyId, String workspaceId, String organizationId, String mode, String scopes) {

    public static CallerIdentity of(ApiKey key, String organizationId) {
        return new CallerIdentity(key.id(), key.workspaceId(), organizationId, key.mode(), key.scopes());
    }

    public boolean hasScope(String scope) {
        return (" " + scopes + " ").contains(" " + scope + " ");
    }
}
