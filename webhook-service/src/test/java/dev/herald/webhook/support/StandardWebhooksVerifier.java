package dev.herald.webhook.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification written here from the Standard Webhooks specification (spec/standard-webhooks.md),
 * sharing no code with the service's signer: no Java reference library is served by Maven Central (com.svix:svix is
 * not, com.standardwebhooks:standardwebhooks 1.0.0 is an empty jar). Checks the timestamp tolerance (5 minutes), then
 * accepts the message if any {@code v1,} signature in the space-separated list matches, compared in constant time.
 */
public final class StandardWebhooksVerifier {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private StandardWebhooksVerifier() {}

    /** Throws an {@link AssertionError} saying what is wrong unless the message verifies with {@code secret}. */
    public static void verify(String secret, String id, String timestamp, String signatures, String body, Instant now) {
        if (id == null || timestamp == null || signatures == null) {
            throw new AssertionError("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long ts = Long.parseLong(timestamp);
        if (Math.abs(now.getEpochSecond() - ts) > TOLERANCE.toSeconds()) {
            throw new AssertionError("timestamp " + ts + " outside the tolerance around " + now);
        }
        if (!matches(secret, id, timestamp, signatures, body)) {
            throw new AssertionError("no signature in '" + signatures + "' verifies with this secret");
        }
    }

    /** Whether one of the {@code v1,} signatures is the HMAC-SHA256 of {@code id.timestamp.body} under the secret. */
    public static boolean matches(String secret, String id, String timestamp, String signatures, String body) {
        byte[] expected = hmac(secret, id + "." + timestamp + "." + body);
        for (String signature : signatures.split(" ")) {
            int comma = signature.indexOf(',');
            if (comma < 0 || !signature.substring(0, comma).equals("v1")) {
                continue; // another scheme (v1a, …): not ours to check
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] hmac(String secret, String content) {
        String key = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
