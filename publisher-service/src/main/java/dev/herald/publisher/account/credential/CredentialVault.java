package dev.herald.publisher.account.credential;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of an account's credentials: a fresh random 256-bit data key per record encrypts the payload
 * with AES-256-GCM, and the current key-encryption key of the {@link KeyRing} wraps that data key, with AES-256-GCM
 * too. Both carry the workspace and account ids as associated data, so a blob copied to another account (or a data
 * key to another record or key id) fails authentication instead of decrypting.
 *
 * <p>Blob layout: {@code [format 1][wrap nonce 12][wrapped key 32 + tag 16][payload nonce 12][payload + tag 16]}.
 */
public final class CredentialVault {

    private static final byte FORMAT = 1;
    private static final int DATA_KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final int WRAPPED_KEY_BYTES = NONCE_BYTES + DATA_KEY_BYTES + TAG_BYTES;
    private static final int MIN_BLOB_BYTES = 1 + WRAPPED_KEY_BYTES + NONCE_BYTES + TAG_BYTES;

    private final KeyRing keys;
    private final SecureRandom random;

    public CredentialVault(KeyRing keys) {
        this(keys, new SecureRandom());
    }

    CredentialVault(KeyRing keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    /** Encrypts with a new data key wrapped by the current key. */
    public SealedCredentials seal(String workspaceId, String accountId, Credentials credentials) {
        String keyId = keys.currentId();
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        random.nextBytes(dataKey);
        byte[] plaintext = CredentialCodec.encode(credentials);
        try {
            byte[] wrapped = encrypt(keys.current(), wrapAad(keyId, workspaceId, accountId), dataKey);
            byte[] payload = encrypt(new SecretKeySpec(dataKey, "AES"), payloadAad(workspaceId, accountId), plaintext);
            ByteBuffer blob = ByteBuffer.allocate(1 + wrapped.length + payload.length);
            blob.put(FORMAT).put(wrapped).put(payload);
            return new SealedCredentials(keyId, blob.array());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Decrypts credentials sealed for this workspace and account, with whichever key of the ring wrapped them.
     *
     * @throws CredentialException when the key id is not in the ring, or the blob was altered or belongs to another
     *     account — never garbage
     */
    public Credentials open(String workspaceId, String accountId, SealedCredentials sealed) {
        SecretKey keyEncryptionKey = keys.key(sealed.keyId());
        byte[] blob = sealed.blob();
        if (blob == null || blob.length < MIN_BLOB_BYTES || blob[0] != FORMAT) {
            throw new CredentialException("Credentials of account " + accountId + " are not in a known format");
        }
        byte[] dataKey = null;
        byte[] plaintext = null;
        try {
            dataKey = decrypt(
                    keyEncryptionKey,
                    wrapAad(sealed.keyId(), workspaceId, accountId),
                    Arrays.copyOfRange(blob, 1, 1 + WRAPPED_KEY_BYTES));
            plaintext = decrypt(
                    new SecretKeySpec(dataKey, "AES"),
                    payloadAad(workspaceId, accountId),
                    Arrays.copyOfRange(blob, 1 + WRAPPED_KEY_BYTES, blob.length));
            return CredentialCodec.decode(plaintext);
        } catch (AEADBadTagException e) {
            throw new CredentialException(
                    "Credentials of account " + accountId
                            + " failed authentication: altered, or not sealed for this account and key",
                    e);
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /** Whether the record is wrapped with the current key (otherwise it is due for lazy rotation). */
    public boolean isCurrent(SealedCredentials sealed) {
        return keys.currentId().equals(sealed.keyId());
    }

    private byte[] encrypt(SecretKey key, byte[] aad, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length)
                    .put(nonce)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] decrypt(SecretKey key, byte[] aad, byte[] nonceAndCiphertext) throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonceAndCiphertext, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(nonceAndCiphertext, NONCE_BYTES, nonceAndCiphertext.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] wrapAad(String keyId, String workspaceId, String accountId) {
        return aad("herald.credentials.v1.data-key", keyId, workspaceId, accountId);
    }

    private static byte[] payloadAad(String workspaceId, String accountId) {
        return aad("herald.credentials.v1.payload", workspaceId, accountId);
    }

    /** Length-prefixed fields, so no two different id tuples give the same bytes. */
    private static byte[] aad(String... fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String field : fields) {
                out.writeUTF(field);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
