package dev.herald.publisher.account.credential;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The plaintext of {@link Credentials} inside the encrypted payload: a versioned binary form, no reflection. */
final class CredentialCodec {

    private static final byte VERSION = 1;

    private CredentialCodec() {}

    static byte[] encode(Credentials credentials) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeString(out, credentials.accessToken());
            writeString(out, credentials.refreshToken());
            out.writeBoolean(credentials.expiresAt() != null);
            if (credentials.expiresAt() != null) {
                out.writeLong(credentials.expiresAt().getEpochSecond());
                out.writeInt(credentials.expiresAt().getNano());
            }
            out.writeInt(credentials.scopes().size());
            for (String scope : credentials.scopes()) {
                writeString(out, scope);
            }
            Map<String, String> secrets = new TreeMap<>(credentials.secrets());
            out.writeInt(secrets.size());
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                writeString(out, secret.getKey());
                writeString(out, secret.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Credentials decode(byte[] plaintext) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new CredentialException("Unknown credentials format " + version);
            }
            String accessToken = readString(in);
            String refreshToken = readString(in);
            Instant expiresAt = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
            int scopeCount = in.readInt();
            List<String> scopes = new ArrayList<>(scopeCount);
            for (int i = 0; i < scopeCount; i++) {
                scopes.add(readString(in));
            }
            int secretCount = in.readInt();
            Map<String, String> secrets = new LinkedHashMap<>();
            for (int i = 0; i < secretCount; i++) {
                secrets.put(readString(in), readString(in));
            }
            return new Credentials(accessToken, refreshToken, expiresAt, scopes, secrets);
        } catch (IOException e) {
            // Authenticated decryption succeeded, so this is a bug or a format from a newer version, not tampering.
            throw new CredentialException("Unreadable credentials payload", e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
