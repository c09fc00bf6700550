package dev.herald.kit.id;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Prefixed, time-sortable identifiers such as {@code post_01JD7Z6N2B3C4D5E6F7G8H9J0K}: the prefix names the type,
 * the rest is a ULID (48-bit millisecond timestamp + 80 random bits, Crockford base32), so ids sort by creation time
 * and are safe to show in URLs.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId(String prefix) {
        return prefix + "_" + ulid(Instant.now().toEpochMilli());
    }

    static String ulid(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        // 48 bits of time -> 10 characters (the first carries 3 bits).
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits -> 16 characters.
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (random[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(out);
    }
}
