package dev.herald.publisher.connector.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** Proof Key for Code Exchange (RFC 7636), S256 only, and the random strings of a connect flow. */
public final class Pkce {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Pkce() {}

    /** 32 random bytes, base64url: a code verifier of 43 characters, or an unguessable state. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    /** {@code BASE64URL(SHA256(ASCII(verifier)))}. */
    public static String challenge(String verifier) {
        return URL.encodeToString(sha256(verifier));
    }

    /** The S256 challenge's two consent-page parameters (RFC 7636 section 4.3), added to {@code query}. */
    public static void addChallenge(Map<String, String> query, String codeChallenge) {
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
    }

    /** Hex SHA-256, how states are stored. */
    public static String hash(String value) {
        StringBuilder hex = new StringBuilder();
        for (byte b : sha256(value)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
