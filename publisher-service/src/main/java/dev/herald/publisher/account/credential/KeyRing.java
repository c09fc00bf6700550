package dev.herald.publisher.account.credential;

import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption keys by id, and the current one, which wraps every data key written. Error messages name key
 * ids, never key material.
 */
public final class KeyRing {

    /** Ids starting with this mark publicly known keys of the dev and test profiles, refused anywhere else. */
    public static final String DEV_KEY_PREFIX = "dev-insecure";

    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String currentId;

    private KeyRing(Map<String, SecretKey> keys, String currentId) {
        this.keys = keys;
        this.currentId = currentId;
    }

    /**
     * A ring of base64 256-bit keys by id.
     *
     * @throws IllegalArgumentException when the ring is empty, a key is not 32 bytes of base64 or the current id is
     *     not in it
     */
    public static KeyRing of(Map<String, String> base64Keys, String currentId) {
        if (base64Keys == null || base64Keys.isEmpty()) {
            throw new IllegalArgumentException(
                    "No credential encryption key: set herald.publisher.credentials.keys.<id>"
                            + " (HERALD_PUBLISHER_CREDENTIALS_KEYS_<ID>) to 32 random bytes in base64");
        }
        Map<String, SecretKey> keys = new TreeMap<>();
        base64Keys.forEach((id, value) -> keys.put(id, decode(id, value)));
        if (currentId == null || !keys.containsKey(currentId)) {
            throw new IllegalArgumentException("The current credential key '" + currentId
                    + "' (herald.publisher.credentials.current-key) is not in the key ring " + keys.keySet());
        }
        return new KeyRing(Collections.unmodifiableMap(keys), currentId);
    }

    /**
     * The ring as configured, for the service to refuse to start without a usable one.
     *
     * @param production whether this is a real deployment, where the dev and test keys are refused
     */
    public static KeyRing fromConfig(Map<String, String> base64Keys, Optional<String> currentId, boolean production) {
        if (currentId.isEmpty()) {
            throw new IllegalArgumentException("No current credential key: set herald.publisher.credentials.current-key"
                    + " (HERALD_PUBLISHER_CREDENTIALS_CURRENT_KEY) and herald.publisher.credentials.keys.<id>"
                    + " (HERALD_PUBLISHER_CREDENTIALS_KEYS_<ID>)");
        }
        KeyRing ring = of(base64Keys, currentId.get());
        if (production) {
            for (String id : ring.ids()) {
                if (id.startsWith(DEV_KEY_PREFIX)) {
                    throw new IllegalArgumentException("The credential key '" + id
                            + "' is a publicly known dev/test key and is refused outside dev and test: configure"
                            + " herald.publisher.credentials.keys with keys of your own");
                }
            }
        }
        return ring;
    }

    public String currentId() {
        return currentId;
    }

    public SecretKey current() {
        return keys.get(currentId);
    }

    /** The key of that id; a record wrapped with a key no longer in the ring cannot be read. */
    public SecretKey key(String id) {
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new CredentialException("Credential key '" + id + "' is not in the key ring " + keys.keySet()
                    + ": keep retired keys in herald.publisher.credentials.keys until no record uses them");
        }
        return key;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    private static SecretKey decode(String id, String value) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Credential key '" + id + "' is not valid base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("Credential key '" + id + "' has " + bytes.length
                    + " bytes; it must be 32 random bytes (256 bits) in base64, e.g. openssl rand -base64 32");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
