package dev.herald.publisher.connector.bluesky;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Record keys for posts, as AT Protocol Timestamp Identifiers (https://atproto.com/specs/tid): a 64-bit integer (top
 * bit 0, 53 bits of microseconds since the epoch, a 10-bit clock id) written in base32-sortable, always 13 characters.
 *
 * <p>Herald chooses the key itself, derived only from the destination id (and the part of a thread), so that every
 * attempt for one destination writes to the same key: the PDS refuses a second record under a key that exists, so a
 * retried call cannot create a second post, and {@code com.atproto.repo.getRecord} finds the first one.
 */
final class Tids {

    private static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final long MAX_MICROS = (1L << 53) - 1;

    private Tids() {}

    /** The TID of {@code (micros, clockId)}, as the spec lays it out. */
    static String of(long micros, int clockId) {
        if (micros < 0 || micros > MAX_MICROS || clockId < 0 || clockId > 1023) {
            throw new IllegalArgumentException("Out of a TID's range: " + micros + ", " + clockId);
        }
        long value = (micros << 10) | clockId;
        char[] out = new char[13];
        for (int i = 12; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value & 31));
            value >>>= 5;
        }
        return new String(out);
    }

    /**
     * The key of one record of a destination: part 0 is the post, 1..n the thread's parts, then the first comment.
     * Herald's ids are ULIDs, whose first 48 bits are the creation time in milliseconds: the TID keeps that time (so
     * keys sort like the posts), with the microseconds and clock id from a hash of the id and part. Any other id still
     * gets a valid, stable key, whose time is then meaningless.
     */
    static String forDestination(String destinationId, int part) {
        long hash = hash(destinationId + "#" + part);
        int clockId = (int) (hash & 1023);
        long millis = ulidMillis(destinationId);
        long micros = millis < 0 ? (hash >>> 11) & MAX_MICROS : millis * 1000 + Math.floorMod(hash >>> 10, 1000);
        return of(micros, clockId);
    }

    /** The millisecond time of a {@code prefix_ULID} id, or -1 when it is not one. */
    static long ulidMillis(String id) {
        String ulid = id.substring(id.lastIndexOf('_') + 1);
        if (ulid.length() != 26) {
            return -1;
        }
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            int digit = CROCKFORD.indexOf(Character.toUpperCase(ulid.charAt(i)));
            if (digit < 0) {
                return -1;
            }
            millis = (millis << 5) | digit;
        }
        return millis * 1000 > MAX_MICROS ? -1 : millis;
    }

    private static long hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            long hash = 0;
            for (int i = 0; i < 8; i++) {
                hash = (hash << 8) | (digest[i] & 0xff);
            }
            return hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
