package dev.herald.publisher.connector.bluesky;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.publisher.connector.http.PlatformHttp;

/**
 * The rich-text facets of a post's text (https://docs.bsky.app/docs/advanced-guides/post-richtext, lexicon
 * {@code app.bsky.richtext.facet}): links, {@code #tags} and {@code @mentions}, each over a range of UTF-8 BYTES of the
 * text (start inclusive, end exclusive) — not chars: an emoji before a link moves it by four bytes, two chars. The
 * detection follows the reference client's ({@code RichText.detectFacets} in {@code @atproto/api}).
 */
final class Facets {

    static final String LINK = "app.bsky.richtext.facet#link";
    static final String MENTION = "app.bsky.richtext.facet#mention";
    static final String TAG = "app.bsky.richtext.facet#tag";

    private static final Pattern URL = Pattern.compile("(?<=^|\\s|\\()https?://\\S+");
    private static final Pattern MENTION_TEXT = Pattern.compile("(?<=^|\\s|\\()@([a-zA-Z0-9.-]+)");
    private static final Pattern HANDLE = Pattern.compile(
            "^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$");
    private static final Pattern TAG_TEXT =
            Pattern.compile("(?<=^|\\s)[#＃]([^\\s\\u00AD\\u2060\\u200A-\\u200D\\u20E2]+)");
    /** The lexicon's limit of a tag: 64 graphemes (counted here as code points, which is never fewer). */
    private static final int MAX_TAG = 64;

    /** One facet: a byte range of the text and what it is ({@code uri}, {@code did} or {@code tag}). */
    record Facet(int byteStart, int byteEnd, String type, String value) {

        ObjectNode toJson() {
            ObjectNode facet = PlatformHttp.object();
            facet.putObject("index").put("byteStart", byteStart).put("byteEnd", byteEnd);
            ObjectNode feature = facet.putArray("features").addObject().put("$type", type);
            switch (type) {
                case LINK -> feature.put("uri", value);
                case MENTION -> feature.put("did", value);
                default -> feature.put("tag", value);
            }
            return facet;
        }
    }

    private Facets() {}

    /**
     * The facets of {@code text}, in text order.
     *
     * @param resolve a handle's DID; a mention whose handle does not resolve stays plain text
     */
    static List<Facet> detect(String text, Function<String, Optional<String>> resolve) {
        List<Facet> facets = new ArrayList<>();
        Matcher url = URL.matcher(text);
        while (url.find()) {
            String uri = trimUrl(url.group());
            facets.add(facet(text, url.start(), url.start() + uri.length(), LINK, uri));
        }
        Matcher mention = MENTION_TEXT.matcher(text);
        while (mention.find()) {
            String handle = mention.group(1).replaceAll("[.-]+$", "");
            if (!HANDLE.matcher(handle).matches()) {
                continue;
            }
            int start = mention.start();
            resolve.apply(handle.toLowerCase())
                    .ifPresent(did -> facets.add(facet(text, start, start + 1 + handle.length(), MENTION, did)));
        }
        Matcher tag = TAG_TEXT.matcher(text);
        while (tag.find()) {
            String value = tag.group(1).replaceAll("\\p{P}+$", "");
            if (value.isEmpty()
                    || value.matches("\\d+")
                    || value.startsWith("\uFE0F")
                    || value.codePointCount(0, value.length()) > MAX_TAG) {
                continue;
            }
            facets.add(facet(text, tag.start(), tag.start() + 1 + value.length(), TAG, value));
        }
        facets.sort(Comparator.comparingInt(Facet::byteStart));
        return facets;
    }

    static ArrayNode toJson(List<Facet> facets) {
        ArrayNode array = PlatformHttp.object().arrayNode();
        facets.forEach(f -> array.add(f.toJson()));
        return array;
    }

    /** The UTF-8 length of {@code text} up to {@code charIndex}. */
    static int byteOffset(String text, int charIndex) {
        return text.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    private static Facet facet(String text, int start, int end, String type, String value) {
        return new Facet(byteOffset(text, start), byteOffset(text, end), type, value);
    }

    /** Sentence punctuation after a link is not part of it; nor is a closing parenthesis it did not open. */
    private static String trimUrl(String uri) {
        String trimmed = uri.replaceAll("[.,;:!?\"']+$", "");
        if (trimmed.endsWith(")") && !trimmed.contains("(")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
