package dev.herald.webhook.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks v1 signatures: {@code v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>}, the key being the
 * base64-decoded part of a {@code whsec_} secret. Several secrets (during a rotation) give a space-separated list.
 */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One Mac per thread, re-keyed for each signature: looking the algorithm up costs more than the HMAC itself. */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    });

    private WebhookSigner() {}

    /** A new secret: 24 random bytes (192 bits), base64, with the {@code whsec_} prefix. */
    public static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    public static String sign(String secret, String messageId, long timestamp, String body) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 refused the key", e);
        }
    }

    /** The {@code webhook-signature} header value for every secret in force. */
    public static String signatureHeader(List<String> secrets, String messageId, long timestamp, String body) {
        return secrets.stream()
                .map(secret -> sign(secret, messageId, timestamp, body))
                .collect(Collectors.joining(" "));
    }
}
