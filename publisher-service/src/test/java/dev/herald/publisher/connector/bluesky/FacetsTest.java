package dev.herald.publisher.connector.bluesky;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FacetsTest {

    private static final Map<String, String> DIDS = Map.of("alice.bsky.social", "did:plc:alice");

    private static List<Facets.Facet> detect(String text) {
        return Facets.detect(text, handle -> Optional.ofNullable(DIDS.get(handle)));
    }

    @Test
    void shouldCountUtf8BytesWhenAnEmojiAndAccentsComeBeforeTheLink() {
        // "🚀" is 4 bytes (2 chars), "é" 2 bytes (1 char): the link starts at byte 13 (char 10).
        String text = "🚀 Lancé: https://herald.example/a?b=1 !";

        List<Facets.Facet> facets = detect(text);

        assertEquals(List.of(new Facets.Facet(13, 41, Facets.LINK, "https://herald.example/a?b=1")), facets);
    }

    @Test
    void shouldFindLinksMentionsAndTagsWhenTheyAreMixed() {
        String text = "Hi @alice.bsky.social, see (https://x.example/p). #Herald #2024 #日本語!";

        List<Facets.Facet> facets = detect(text);

        assertEquals(
                List.of(
                        new Facets.Facet(3, 21, Facets.MENTION, "did:plc:alice"),
                        new Facets.Facet(28, 47, Facets.LINK, "https://x.example/p"),
                        new Facets.Facet(50, 57, Facets.TAG, "Herald"),
                        new Facets.Facet(64, 74, Facets.TAG, "日本語")),
                facets);
    }

    @Test
    void shouldLeaveAMentionAsPlainTextWhenItsHandleDoesNotResolve() {
        assertEquals(List.of(), detect("Thanks @nobody.example and @notahandle and mail@alice.bsky.social"));
    }
}
