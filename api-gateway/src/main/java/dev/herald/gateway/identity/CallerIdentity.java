package dev.herald.gateway.identity;

/** Who a request comes from, once its API key is resolved. */
public record CallerIdentity(String keyId, String workspaceId, String mode, String scopes) {

    public static CallerIdentity of(ApiKey key) {
        return new CallerIdentity(key.id(), key.workspaceId(), key.mode(), key.scopes());
    }
}
