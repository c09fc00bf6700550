package dev.herald.cli.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks verification (docs/webhooks.md): HMAC-SHA256 of {@code "{id}.{timestamp}.{body}"} with the
 * base64-decoded part of the {@code whsec_} secret, compared in constant time with each {@code v1,} signature of the
 * header; a timestamp more than 5 minutes from our clock is refused (a replay).
 */
public final class SignatureVerifier {

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String PREFIX = "whsec_";

    /** Why a delivery was refused, or {@link #VALID}. */
    public enum Verdict {
        VALID,
        MISSING_HEADERS,
        BAD_TIMESTAMP,
        TIMESTAMP_OUT_OF_TOLERANCE,
        NO_MATCHING_SIGNATURE
    }

    private final byte[] key;

    /** @throws IllegalArgumentException for a secret that is not {@code whsec_} + base64 */
    public SignatureVerifier(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("the secret must start with whsec_ (the endpoint's secret)");
        }
        try {
            this.key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret after whsec_ is not base64");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("the secret is empty");
        }
    }

    /** The {@code v1,…} signature Herald sends for this message. */
    public String sign(String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(id, timestamp, body));
    }

    public Verdict verify(String id, String timestamp, String signatures, byte[] body, Instant now) {
        if (id == null || timestamp == null || signatures == null) {
            return Verdict.MISSING_HEADERS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return Verdict.TIMESTAMP_OUT_OF_TOLERANCE;
        }
        byte[] expected = mac(id, timestamp.strip(), body);
        for (String signature : signatures.strip().split(" +")) {
            if (!signature.startsWith("v1,")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature.substring(3));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return Verdict.VALID;
            }
        }
        return Verdict.NO_MATCHING_SIGNATURE;
    }

    private byte[] mac(String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
