package dev.herald.rules;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How each network counts a text. X weighs characters (twitter-text v3: code points in the Latin, general
 * punctuation and similar ranges weigh 1, others 2, an emoji sequence 2, a URL always 23); Bluesky counts grapheme
 * clusters (and caps UTF-8 bytes); the others count Unicode code points.
 */
public final class TextCounter {

    /** URLs as X and Mastodon shorten them: {@code http(s)://…} up to the next whitespace. */
    static final Pattern URL = Pattern.compile("https?://[^\\s]+", Pattern.CASE_INSENSITIVE);

    private static final Pattern GRAPHEME = Pattern.compile("\\X");
    public static final int X_URL_WEIGHT = 23;

    private TextCounter() {}

    /** X's weighted length (the limit is 280). */
    public static int xWeighted(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        int weight = 0;
        int last = 0;
        Matcher url = URL.matcher(normalized);
        while (url.find()) {
            weight += weighClusters(normalized.substring(last, url.start())) + X_URL_WEIGHT;
            last = url.end();
        }
        return weight + weighClusters(normalized.substring(last));
    }

    private static int weighClusters(String text) {
        int weight = 0;
        Matcher cluster = GRAPHEME.matcher(text);
        while (cluster.find()) {
            String grapheme = cluster.group();
            if (isEmoji(grapheme)) {
                weight += 2;
            } else {
                weight += grapheme.codePoints().map(TextCounter::xWeight).sum();
            }
        }
        return weight;
    }

    /** twitter-text v3 ranges of weight 1 (100 / scale 100); everything else weighs 2. */
    private static int xWeight(int codePoint) {
        boolean light = codePoint <= 0x10FF
                || (codePoint >= 0x2000 && codePoint <= 0x200D)
                || (codePoint >= 0x2010 && codePoint <= 0x201F)
                || (codePoint >= 0x2032 && codePoint <= 0x2037);
        return light ? 1 : 2;
    }

    private static boolean isEmoji(String grapheme) {
        int first = grapheme.codePointAt(0);
        return grapheme.indexOf('\u200D') >= 0 // ZWJ sequence
                || grapheme.indexOf('\uFE0F') >= 0 // emoji presentation selector
                || (first >= 0x1F000 && first <= 0x1FAFF) // pictographs, emoticons, transport, flags …
                || (first >= 0x2600 && first <= 0x27BF); // miscellaneous symbols and dingbats
    }

    /** Extended grapheme clusters: what a reader sees as one character (Bluesky's unit). */
    public static int graphemes(String text) {
        int count = 0;
        Matcher cluster = GRAPHEME.matcher(text);
        while (cluster.find()) {
            count++;
        }
        return count;
    }

    public static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    public static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Code points with every URL counted as {@code urlWeight} (Mastodon's {@code characters_reserved_per_url}). */
    public static int codePointsWithUrlsAs(String text, int urlWeight) {
        int count = 0;
        int last = 0;
        Matcher url = URL.matcher(text);
        while (url.find()) {
            count += codePoints(text.substring(last, url.start())) + urlWeight;
            last = url.end();
        }
        return count + codePoints(text.substring(last));
    }
}
