package dev.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair of the gateway's internal JWTs: the gateway signs with the private key, services verify with the
 * public one. Generated per test JVM, or once per data folder for the local stack.
 */
public final class InternalKeys {

    private final String privateKeyBase64;
    private final String publicKeyBase64;

    private InternalKeys(String privateKeyBase64, String publicKeyBase64) {
        this.privateKeyBase64 = privateKeyBase64;
        this.publicKeyBase64 = publicKeyBase64;
    }

    public static InternalKeys of(String privateKeyBase64, String publicKeyBase64) {
        return new InternalKeys(privateKeyBase64, publicKeyBase64);
    }

    public static InternalKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Base64.Encoder encoder = Base64.getEncoder();
            return new InternalKeys(
                    encoder.encodeToString(pair.getPrivate().getEncoded()),
                    encoder.encodeToString(pair.getPublic().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the pair kept in {@code dir}, generating it on first use. */
    public static InternalKeys loadOrGenerate(Path dir) {
        return loadOrGenerate(dir, "internal-jwt");
    }

    /** Reads the pair {@code name}.key / {@code name}.pub kept in {@code dir}, generating it on first use. */
    public static InternalKeys loadOrGenerate(Path dir, String name) {
        try {
            Path privateFile = dir.resolve(name + ".key");
            Path publicFile = dir.resolve(name + ".pub");
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                return new InternalKeys(
                        Files.readString(privateFile).trim(),
                        Files.readString(publicFile).trim());
            }
            InternalKeys keys = generate();
            Files.createDirectories(dir);
            Files.writeString(privateFile, keys.privateKeyBase64);
            Files.writeString(publicFile, keys.publicKeyBase64);
            privateFile.toFile().setReadable(false, false);
            privateFile.toFile().setReadable(true, true);
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PKCS#8 DER, base64: the gateway's {@code herald.gateway.internal-jwt.private-key}. */
    public String privateKeyBase64() {
        return privateKeyBase64;
    }

    /** X.509 SubjectPublicKeyInfo DER, base64: the services' {@code quarkus.oidc.public-key}. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    public PrivateKey privateKey() {
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64)));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }
}
