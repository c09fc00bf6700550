package dev.herald.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The shape of an API key, GitHub style: {@code hk_live_} or {@code hk_test_}, 43 base62 characters of randomness
 * (256 bits) and a 6-character base62 CRC32 of them. A mistyped or made-up key is refused without a database look-up,
 * and leak scanners can recognise real keys by pattern and checksum.
 */
public final class ApiKeyFormat {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Pattern SHAPE = Pattern.compile("hk_(live|test)_([0-9A-Za-z]{43})([0-9A-Za-z]{6})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {}

    public static String newSecret(String mode) {
        char[] random = new char[43];
        for (int i = 0; i < random.length; i++) {
            random[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        String body = new String(random);
        return "hk_" + mode + "_" + body + checksum(body);
    }

    public static boolean isWellFormed(String secret) {
        if (secret == null) {
            return false;
        }
        var match = SHAPE.matcher(secret);
        return match.matches() && checksum(match.group(2)).equals(match.group(3));
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }
}
