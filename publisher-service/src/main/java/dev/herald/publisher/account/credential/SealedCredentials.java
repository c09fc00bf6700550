package dev.herald.publisher.account.credential;

/**
 * Encrypted credentials as stored: the id of the key-encryption key that wraps the data key, and the blob (format
 * byte, wrapped data key, payload nonce, payload ciphertext and tag).
 */
public record SealedCredentials(String keyId, byte[] blob) {}
