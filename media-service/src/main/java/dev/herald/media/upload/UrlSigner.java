package dev.herald.media.upload;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.herald.kit.error.ApiException;
import dev.herald.media.config.MediaConfig;

/**
 * Signs and checks the capability URLs of one media item: {@code <media id>.<expiry, epoch seconds>.<HMAC-SHA256>}, the
 * MAC over purpose, id and expiry, so an upload token cannot be used to read a file and the reverse. Whoever holds the
 * URL may use it until it expires; single use is enforced by the caller (upload tokens).
 */
@ApplicationScoped
public class UrlSigner {

    public static final String UPLOAD = "upload";
    public static final String PUBLIC = "public";

    private static final Logger LOG = Logger.getLogger(UrlSigner.class);
    private static final Pattern SHAPE = Pattern.compile("(med_[0-9A-Z]{26})\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");

    private final SecretKeySpec key;

    public UrlSigner(MediaConfig config) {
        byte[] secret;
        if (config.signingKey().isPresent()) {
            secret = Base64.getDecoder().decode(config.signingKey().get().trim());
            if (secret.length < 32) {
                throw new IllegalStateException("herald.media.signing-key must be at least 32 bytes (base64).");
            }
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            LOG.warn("No herald.media.signing-key: upload and public URLs are signed with a key of this process only"
                    + " (set one shared key when running several replicas).");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String sign(String purpose, String mediaId, Instant expiresAt) {
        long expires = expiresAt.getEpochSecond();
        return mediaId + "." + expires + "." + mac(purpose, mediaId, expires);
    }

    /**
     * Checks a token and answers the media id it grants; a malformed, forged or expired token is a 403 (which one is
     * said in the code, since the holder cannot do anything about any of them but ask for a new URL).
     */
    public String verify(String purpose, String token, Instant now) {
        var match = token == null ? null : SHAPE.matcher(token);
        if (match == null || !match.matches()) {
            throw new ApiException(403, "invalid_signature", "This URL is not a valid Herald media URL.");
        }
        String mediaId = match.group(1);
        long expires = Long.parseLong(match.group(2));
        byte[] expected = mac(purpose, mediaId, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, match.group(3).getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiException(403, "invalid_signature", "The URL's signature does not match.");
        }
        if (now.getEpochSecond() >= expires) {
            throw new ApiException(403, "url_expired", "This URL expired at " + Instant.ofEpochSecond(expires) + ".");
        }
        return mediaId;
    }

    private String mac(String purpose, String mediaId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((purpose + "\n" + mediaId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
