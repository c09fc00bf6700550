package dev.herald.gateway.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A signed-in user, from a verified OIDC token.
 *
 * @param roles organization id to role ({@code admin} or {@code member}); roles Herald does not know are dropped
 */
public record OidcUser(String subject, String email, Map<String, String> roles) {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";

    /** What a member may do: publish and read, not manage keys, accounts or webhooks. */
    static final Set<String> MEMBER_SCOPES =
            Set.of("posts:read", "posts:write", "media:write", "accounts:read", "analytics:read");

    public OidcUser {
        Map<String, String> known = new LinkedHashMap<>();
        roles.forEach((organization, role) -> {
            if (ADMIN.equals(role) || (MEMBER.equals(role) && !ADMIN.equals(known.get(organization)))) {
                known.put(organization, role);
            }
        });
        roles = Map.copyOf(known);
    }

    public boolean isAdminOf(String organizationId) {
        return ADMIN.equals(roles.get(organizationId));
    }

    public Set<String> adminOf() {
        Set<String> organizations = new TreeSet<>();
        roles.forEach((organization, role) -> {
            if (ADMIN.equals(role)) {
                organizations.add(organization);
            }
        });
        return organizations;
    }

    /** The user's scopes in an organization: space separated, as a key's; empty when not a member. */
    public String scopesIn(String organizationId) {
        String role = roles.get(organizationId);
        if (ADMIN.equals(role)) {
            return String.join(" ", new TreeSet<>(ApiKey.GRANTABLE_SCOPES));
        }
        return MEMBER.equals(role) ? String.join(" ", new TreeSet<>(MEMBER_SCOPES)) : "";
    }

    /** Scopes for calls outside any workspace ({@code /v1/workspaces}, {@code /v1/me}). */
    public String organizationScopes() {
        return adminOf().isEmpty() ? "" : String.join(" ", new TreeSet<>(ApiKey.ORGANIZATION_SCOPES));
    }
}
