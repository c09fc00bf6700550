package dev.herald.publisher.connector.bluesky;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.BreakIterator;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The stub PDS's lexicon validation of an {@code app.bsky.feed.post} createRecord input, with the PDS's own error
 * texts, and its stand-in CIDs.
 */
final class PostLexicon {

    private static final Set<String> FEATURES =
            Set.of("app.bsky.richtext.facet#link", "app.bsky.richtext.facet#mention", "app.bsky.richtext.facet#tag");

    private PostLexicon() {}

    /** What the PDS's lexicon validation says about a createRecord input, or null when it is valid. */
    static String problem(JsonNode body, BlueskyPdsStub.Account account) {
        if (!account.did.equals(body.path("repo").asText())
                && !account.handle.equals(body.path("repo").asText())) {
            return "Input/repo must be the authenticated account";
        }
        if (!BlueskyPdsStub.POST.equals(body.path("collection").asText())) {
            return "Input/collection must be " + BlueskyPdsStub.POST + " here";
        }
        if (body.has("rkey")
                && !body.get("rkey").asText().matches("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")) {
            return "Invalid record key: must be a TID";
        }
        JsonNode record = body.path("record");
        if (!BlueskyPdsStub.POST.equals(record.path("$type").asText())) {
            return "Invalid $type: must be " + BlueskyPdsStub.POST;
        }
        if (!record.path("text").isTextual()) {
            return "Invalid app.bsky.feed.post record: Record must have the property \"text\"";
        }
        String text = record.get("text").asText();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        // The reference PDS's words (checked against @atproto/pds 0.5.35).
        if (graphemes(text) > 300) {
            return "Invalid app.bsky.feed.post record: grapheme too big (maximum 300, got " + graphemes(text)
                    + ") at $.record.text";
        }
        if (bytes > 3000) {
            return "Invalid app.bsky.feed.post record: string too long (maximum 3000, got " + bytes
                    + ") at $.record.text";
        }
        try {
            Instant.parse(record.path("createdAt").asText());
        } catch (DateTimeParseException e) {
            return "Invalid app.bsky.feed.post record: Record/createdAt must be an valid atproto datetime";
        }
        for (JsonNode facet : record.path("facets")) {
            int start = facet.path("index").path("byteStart").asInt(-1);
            int end = facet.path("index").path("byteEnd").asInt(-1);
            if (start < 0
                    || end <= start
                    || end > bytes
                    || !facet.path("features").isArray()) {
                return "Invalid app.bsky.feed.post record: Record/facets/index is not a byte range of the text";
            }
            for (JsonNode feature : facet.get("features")) {
                String type = feature.path("$type").asText();
                if (!FEATURES.contains(type)
                        || (type.endsWith("#link")
                                && !feature.path("uri").asText().matches("^[a-z]+:.+"))
                        || (type.endsWith("#mention")
                                && !feature.path("did").asText().startsWith("did:"))
                        || (type.endsWith("#tag")
                                && feature.path("tag").asText().isEmpty())) {
                    return "Invalid app.bsky.feed.post record: Record/facets/features has an invalid " + type;
                }
            }
        }
        JsonNode reply = record.path("reply");
        if (!reply.isMissingNode()) {
            for (String ref : List.of("root", "parent")) {
                if (!reply.path(ref).path("uri").asText().startsWith("at://")
                        || reply.path(ref).path("cid").asText().isEmpty()) {
                    return "Invalid app.bsky.feed.post record: Record/reply/" + ref + " must be a strong ref";
                }
            }
        }
        JsonNode embed = record.path("embed");
        if ("app.bsky.embed.images".equals(embed.path("$type").asText())) {
            return imagesProblem(embed, account);
        }
        if ("app.bsky.embed.video".equals(embed.path("$type").asText())) {
            return videoProblem(embed, account);
        }
        if (!embed.isMissingNode()) {
            JsonNode external = embed.path("external");
            if (!"app.bsky.embed.external".equals(embed.path("$type").asText())
                    || !external.path("uri").isTextual()
                    || !external.path("title").isTextual()
                    || !external.path("description").isTextual()) {
                return "Invalid app.bsky.feed.post record: Record/embed must be an external embed with uri, title"
                        + " and description";
            }
        }
        if (record.has("langs")
                && (!record.get("langs").isArray() || record.get("langs").size() > 3)) {
            return "Invalid app.bsky.feed.post record: Record/langs must not have more than 3 elements";
        }
        return null;
    }

    /** {@code app.bsky.embed.images}: 1 to 4 images, each with alt text and an image blob of this repo. */
    private static String imagesProblem(JsonNode embed, BlueskyPdsStub.Account account) {
        JsonNode images = embed.path("images");
        if (!images.isArray() || images.isEmpty() || images.size() > 4) {
            return "Invalid app.bsky.feed.post record: Record/embed/images must have 1 to 4 elements";
        }
        for (int i = 0; i < images.size(); i++) {
            JsonNode image = images.get(i);
            String at = "Invalid app.bsky.feed.post record: Record/embed/images/" + i;
            if (!image.path("alt").isTextual()) {
                return at + " must have the property \"alt\"";
            }
            JsonNode blob = image.path("image");
            BlueskyPdsStub.Blob stored =
                    BlueskyPdsStub.BLOBS.get(blob.path("ref").path("$link").asText());
            if (!"blob".equals(blob.path("$type").asText()) || stored == null || stored.owner() != account) {
                return "Could not find blob: " + blob.path("ref").path("$link").asText();
            }
            if (!stored.mimeType().startsWith("image/")) {
                return at + "/image mimeType (" + stored.mimeType() + ") not allowed";
            }
            if (stored.bytes().length > 1_000_000) {
                return at + "/image file too big (max 1000000 bytes)";
            }
            JsonNode ratio = image.path("aspectRatio");
            if (!ratio.isMissingNode()
                    && (ratio.path("width").asInt() < 1 || ratio.path("height").asInt() < 1)) {
                return at + "/aspectRatio must have a width and a height of at least 1";
            }
        }
        return null;
    }

    /**
     * {@code app.bsky.embed.video} (lexicons/app/bsky/embed/video.json): a {@code video/mp4} blob of this repo of at
     * most 100,000,000 bytes, an optional {@code alt} of at most 1,000 graphemes, an optional {@code aspectRatio}.
     */
    private static String videoProblem(JsonNode embed, BlueskyPdsStub.Account account) {
        String at = "Invalid app.bsky.feed.post record: Record/embed/video";
        JsonNode blob = embed.path("video");
        BlueskyPdsStub.Blob stored =
                BlueskyPdsStub.BLOBS.get(blob.path("ref").path("$link").asText());
        if (!"blob".equals(blob.path("$type").asText()) || stored == null || stored.owner() != account) {
            return "Could not find blob: " + blob.path("ref").path("$link").asText();
        }
        if (!"video/mp4".equals(stored.mimeType())) {
            return at + " mimeType (" + stored.mimeType() + ") not allowed";
        }
        if (stored.bytes().length > 100_000_000) {
            return at + " file too big (max 100000000 bytes)";
        }
        if (embed.has("alt")
                && (!embed.get("alt").isTextual() || graphemes(embed.get("alt").asText()) > 1_000)) {
            return "Invalid app.bsky.feed.post record: Record/embed/alt must be a string of at most 1000 graphemes";
        }
        JsonNode ratio = embed.path("aspectRatio");
        if (!ratio.isMissingNode()
                && (ratio.path("width").asInt() < 1 || ratio.path("height").asInt() < 1)) {
            return "Invalid app.bsky.feed.post record: Record/embed/aspectRatio must have a width and a height of at"
                    + " least 1";
        }
        return null;
    }

    /** A stand-in CID: "bafyrei" and the record's SHA-256 (a PDS's is the CID of its DAG-CBOR block). */
    static String cid(JsonNode value) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(value.toString().getBytes(StandardCharsets.UTF_8));
            return "bafyrei"
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .toLowerCase()
                            .replaceAll("[^a-z2-7]", "a");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int graphemes(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int count = 0;
        while (it.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }
}
