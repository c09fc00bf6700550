package dev.herald.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextCounterTest {

    @ParameterizedTest(name = "X weighs \"{0}\" as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "hello|5",
                "日本語|6",
                "https://example.com/a/very/long/path/that/is/much/longer/than/twenty-three|23",
                "Check https://herald.dev now|33",
                "😀|2",
                "👨‍👩‍👧|2",
                "🇫🇷|2",
                "—|1",
                "…|2",
                "Ünïcödé|7"
            })
    void shouldWeighLikeTwitterTextWhenCountingForX(String text, int expected) {
        assertEquals(expected, TextCounter.xWeighted(text));
    }

    @Test
    void shouldCountOneCharacterWhenAnAccentIsDecomposed() {
        assertEquals(1, TextCounter.xWeighted("e\u0301"));
        assertEquals(280, TextCounter.xWeighted("a".repeat(280)));
    }

    @ParameterizedTest(name = "Bluesky sees \"{0}\" as {1} graphemes")
    @CsvSource(
            delimiter = '|',
            value = {"abc|3", "👨‍👩‍👧|1", "🇫🇷🇩🇪|2", "é|1", "한국어|3"})
    void shouldCountGraphemeClustersWhenCountingForBluesky(String text, int expected) {
        assertEquals(expected, TextCounter.graphemes(text));
    }

    @Test
    void shouldCountDecomposedAccentAsOneGrapheme() {
        assertEquals(1, TextCounter.graphemes("e\u0301"));
    }

    @Test
    void shouldCountEachUrlAsTwentyThreeWhenCountingForMastodon() {
        assertEquals(5 + 23, TextCounter.codePointsWithUrlsAs("Link https://x.y/" + "z".repeat(60), 23));
        assertEquals(2, TextCounter.codePoints("😀😀"));
        assertEquals(4, TextCounter.utf8Bytes("😀"));
    }
}
