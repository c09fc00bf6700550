package dev.herald.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;

/**
 * An API key of a workspace. The secret ({@code hk_live_…} / {@code hk_test_…} + 32 random bytes in base62) is shown
 * once; only its SHA-256 is stored, with a prefix and the last four characters to recognise it.
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

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

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

    protected ApiKey() {
        // for JPA
    }

    /** A new key; the secret is returned beside it and never stored. */
    public static Issued issue(String workspaceId, String name, String mode, Set<String> scopes, Instant now) {
        if (!"live".equals(mode) && !"test".equals(mode)) {
            throw new IllegalArgumentException("mode must be live or test");
        }
        String secret = "hk_" + mode + "_" + randomBase62(43);
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

    /** 43 base62 characters carry 256 bits. */
    private static String randomBase62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }

    public boolean isActive() {
        return revokedAt == null;
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
}
