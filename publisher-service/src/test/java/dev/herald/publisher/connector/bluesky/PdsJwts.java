package dev.herald.publisher.connector.bluesky;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The stub PDS's session tokens: HS256 JWTs it signs and verifies itself, shaped like a PDS's. */
final class PdsJwts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SIGNING_KEY = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private static final AtomicLong JTI = new AtomicLong();

    private PdsJwts() {}

    static String sign(String typ, String did, String scope, long iat, long exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header =
                b64.encodeToString(("{\"typ\":\"" + typ + "\",\"alg\":\"HS256\"}").getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(JSON.createObjectNode()
                .put("scope", scope)
                .put("sub", did)
                .put("aud", "did:web:pds.test")
                .put("jti", Long.toString(JTI.incrementAndGet()))
                .put("iat", iat)
                .put("exp", exp)
                .toString()
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(hmac(header + "." + payload));
    }

    /** The claims of a JWT this PDS signed; an empty object for anything else (forged, altered, not a JWT). */
    static JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        try {
            if (parts.length == 3
                    && MessageDigest.isEqual(
                            Base64.getUrlDecoder().decode(parts[2]), hmac(parts[0] + "." + parts[1]))) {
                return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            }
        } catch (IOException | IllegalArgumentException e) {
            // not one of ours
        }
        return JSON.createObjectNode();
    }

    private static byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SIGNING_KEY, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
