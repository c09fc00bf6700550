package dev.herald.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;

/**
 * An API key of a workspace. The secret ({@link ApiKeyFormat}: prefix, 256 random bits in base62, checksum) is
 * shown once; only its SHA-256 is stored, with a prefix and the last four characters to recognise it.
 */
@Entity
@Table(name = "api_key")
public class ApiKey {

    public static final Set<String> ALL_SCOPES = Set.of(
            "posts:read",
            "posts:write",
            "media:write",
            "accounts:read",
            "accounts:write",
            "analytics:read",
            "webhooks:write",
            "keys:write");

    /**
     * Scopes over the whole organization rather than one workspace (an agency key manages its clients' workspaces).
     * Never granted by default: only when asked for, by someone who has them.
     */
    public static final Set<String> ORGANIZATION_SCOPES = Set.of("workspaces:write");

    /** Every scope a key can be given. */
    public static final Set<String> GRANTABLE_SCOPES = union(ALL_SCOPES, ORGANIZATION_SCOPES);

    @Id
    private String id;

    private String workspaceId;
    private String name;
    private String mode;
    private String prefix;
    private String last4;
    private String secretHash;
    private String scopes;
    private Instant createdAt;
    private Instant revokedAt;
    private Instant expiresAt;
    private String rotatedFrom;
    private Instant lastUsedAt;

    protected ApiKey() {
        // for JPA
    }

    /** A new key; the secret is returned beside it and never stored. */
    public static Issued issue(String workspaceId, String name, String mode, Set<String> scopes, Instant now) {
        if (!"live".equals(mode) && !"test".equals(mode)) {
            throw new IllegalArgumentException("mode must be live or test");
        }
        String secret = ApiKeyFormat.newSecret(mode);
        ApiKey key = new ApiKey();
        key.id = Ids.newId("key");
        key.workspaceId = workspaceId;
        key.name = name;
        key.mode = mode;
        key.prefix = secret.substring(0, 12);
        key.last4 = secret.substring(secret.length() - 4);
        key.secretHash = hash(secret);
        key.scopes = String.join(" ", scopes.stream().sorted().toList());
        key.createdAt = now;
        return new Issued(key, secret);
    }

    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Not revoked and not past its expiry (a rotated key's grace period). */
    public boolean isActive() {
        return isActiveAt(Instant.now());
    }

    public boolean isActiveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    /** A successor with the same name, mode and scopes; this key keeps working until {@code graceEnd}. */
    public Issued rotate(Instant graceEnd, Instant now) {
        if (!isActiveAt(now)) {
            throw new IllegalStateException("Key " + id + " is no longer active");
        }
        Issued next = issue(workspaceId, name, mode, Set.of(scopes.split(" ")), now);
        next.key().rotatedFrom = id;
        next.key().expiresAt = expiresAt;
        expiresAt = expiresAt == null || graceEnd.isBefore(expiresAt) ? graceEnd : expiresAt;
        return next;
    }

    /** Stops the key at once (every gateway replica within its key cache TTL). */
    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    public void expireAt(Instant at) {
        expiresAt = at;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public String rotatedFrom() {
        return rotatedFrom;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String name() {
        return name;
    }

    public String mode() {
        return mode;
    }

    public String prefix() {
        return prefix;
    }

    public String last4() {
        return last4;
    }

    public String scopes() {
        return scopes;
    }

    /** A key and its one-time secret. */
    public record Issued(ApiKey key, String secret) {}

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
