package dev.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The local stack's key-encryption key for the publisher's stored account credentials (its prod profile refuses to
 * start without one): generated once per data folder, so credentials stay readable from one run to the next.
 */
public record LocalCredentialKey(String id, String base64) {

    private static final String ID = "local1";

    /** Reads the key kept in {@code dir}, generating it on first use. */
    public static LocalCredentialKey loadOrGenerate(Path dir) {
        Path file = dir.resolve("credentials-" + ID + ".key");
        try {
            if (Files.exists(file)) {
                return new LocalCredentialKey(ID, Files.readString(file).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            LocalCredentialKey generated =
                    new LocalCredentialKey(ID, Base64.getEncoder().encodeToString(key));
            Files.createDirectories(dir);
            Files.writeString(file, generated.base64());
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The publisher-service's key ring settings, as environment variables. */
    public Map<String, String> environment() {
        return Map.of(
                "HERALD_PUBLISHER_CREDENTIALS_KEYS_" + id.toUpperCase(Locale.ROOT),
                base64,
                "HERALD_PUBLISHER_CREDENTIALS_CURRENT_KEY",
                id);
    }

    @Override
    public String toString() {
        return "LocalCredentialKey[id=" + id + "]";
    }
}
