package dev.herald.kit.security;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** RSA keys as Herald's configuration holds them: base64 DER (PKCS#8 private, X.509 public), PEM armour allowed. */
public final class RsaKeys {

    private RsaKeys() {}

    /** @param setting the configuration name, for the error */
    public static PrivateKey privateKey(String base64, String setting) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(base64)));
        } catch (Exception e) {
            throw new IllegalStateException(setting + " is not a PKCS#8 RSA private key", e);
        }
    }

    /** @param setting the configuration name, for the error */
    public static PublicKey publicKey(String base64, String setting) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(base64)));
        } catch (Exception e) {
            throw new IllegalStateException(setting + " is not an RSA public key", e);
        }
    }

    /** The public half, so the signer can name its key ({@code kid}) without a second setting. */
    public static PublicKey publicKeyOf(PrivateKey key, String setting) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new IllegalStateException(setting + " must be an RSA (CRT) key");
        }
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(String base64) {
        return Base64.getDecoder()
                .decode(base64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }
}
