package dev.herald.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlatformRulesTest {

    static List<Arguments> cases() {
        return List.of(
                Arguments.of(Platform.X, PostDraft.text("a".repeat(280)), List.of()),
                Arguments.of(Platform.X, PostDraft.text("a".repeat(281)), List.of("text_too_long")),
                Arguments.of(Platform.X, PostDraft.text("日".repeat(141)), List.of("text_too_long")),
                Arguments.of(
                        Platform.X,
                        PostDraft.text("a".repeat(250) + " https://example.com/" + "p".repeat(80)),
                        List.of()),
                Arguments.of(Platform.X, new PostDraft("hi", 5, 0, Map.of()), List.of("too_many_images")),
                Arguments.of(Platform.X, new PostDraft("hi", 1, 1, Map.of()), List.of("mixed_media")),
                Arguments.of(Platform.X, PostDraft.text(" "), List.of("text_required")),
                Arguments.of(Platform.X, new PostDraft("", 1, 0, Map.of()), List.of()),
                Arguments.of(Platform.BLUESKY, PostDraft.text("👨‍👩‍👧".repeat(150)), List.of()),
                Arguments.of(Platform.BLUESKY, PostDraft.text("👨‍👩‍👧".repeat(300)), List.of("text_too_long")),
                Arguments.of(Platform.BLUESKY, PostDraft.text("a".repeat(301)), List.of("text_too_long")),
                Arguments.of(Platform.MASTODON, PostDraft.text("a".repeat(500)), List.of()),
                Arguments.of(Platform.MASTODON, PostDraft.text("a".repeat(501)), List.of("text_too_long")),
                Arguments.of(Platform.INSTAGRAM, PostDraft.text("Only words"), List.of("media_required")),
                Arguments.of(Platform.INSTAGRAM, new PostDraft("Photos", 11, 0, Map.of()), List.of("too_many_images")),
                Arguments.of(Platform.THREADS, PostDraft.text("a".repeat(501)), List.of("text_too_long")),
                Arguments.of(Platform.LINKEDIN, PostDraft.text("a".repeat(3_001)), List.of("text_too_long")),
                Arguments.of(Platform.YOUTUBE, new PostDraft("About", 0, 1, Map.of()), List.of()),
                Arguments.of(Platform.YOUTUBE, new PostDraft(" ", 0, 1, Map.of()), List.of("option_required")),
                Arguments.of(Platform.YOUTUBE, new PostDraft("", 0, 1, Map.of("title", "Launch")), List.of()),
                Arguments.of(
                        Platform.YOUTUBE,
                        new PostDraft("About", 0, 1, Map.of("title", "t".repeat(101))),
                        List.of("too_long")),
                Arguments.of(
                        Platform.YOUTUBE,
                        new PostDraft("About", 1, 0, Map.of("title", "Hi")),
                        List.of("video_required", "too_many_images")),
                Arguments.of(Platform.TIKTOK, new PostDraft("Dance", 0, 1, Map.of()), List.of("option_required")),
                Arguments.of(
                        Platform.TIKTOK, new PostDraft("Dance", 0, 1, Map.of("privacy_level", "SELF_ONLY")), List.of()),
                Arguments.of(
                        Platform.TIKTOK,
                        new PostDraft("Stills", 3, 0, Map.of("privacy_level", "SELF_ONLY", "photo_cover_index", "2")),
                        List.of()),
                Arguments.of(
                        Platform.TIKTOK,
                        new PostDraft("Stills", 2, 0, Map.of("privacy_level", "SELF_ONLY", "photo_cover_index", "2")),
                        List.of("invalid_option")),
                Arguments.of(
                        Platform.TIKTOK,
                        new PostDraft("Stills", 1, 0, Map.of("privacy_level", "SELF_ONLY", "title", "t".repeat(91))),
                        List.of("too_long")),
                Arguments.of(Platform.PINTEREST, new PostDraft("Pin", 1, 0, Map.of()), List.of("option_required")),
                Arguments.of(
                        Platform.PINTEREST,
                        PostDraft.text("a".repeat(801)),
                        List.of("text_too_long", "media_required", "option_required")),
                Arguments.of(Platform.FACEBOOK, new PostDraft("Album", 3, 1, Map.of()), List.of()),
                Arguments.of(Platform.SANDBOX, PostDraft.text("Hello"), List.of()));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void shouldReportTheseProblemsWhenTheDraftBreaksThePlatformsLimits(
            Platform platform, PostDraft draft, List<String> expected) {
        assertEquals(
                expected,
                PlatformRules.check(platform, draft).stream().map(Problem::code).toList());
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseThreadsAndCommentsWhereThePlatformHasNone() {
        assertEquals(
                List.of("thread_not_supported"),
                codes(PlatformRules.checkExtras(Platform.LINKEDIN, List.of("part two"), null)));
        assertEquals(
                List.of("first_comment_not_supported"),
                codes(PlatformRules.checkExtras(Platform.TIKTOK, List.of(), "first!")));
        assertEquals(List.of(), codes(PlatformRules.checkExtras(Platform.X, List.of("two", "three"), "reply")));
        assertEquals(
                List.of("text_too_long"),
                codes(PlatformRules.checkExtras(Platform.BLUESKY, List.of("ok", "x".repeat(301)), null)));
    }

    @org.junit.jupiter.api.Test
    void shouldAcceptAYouTubePublishAtOnlyWhenItIsAFutureIsoDateTimeForAPrivateVideo() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        assertEquals(List.of(), youTubeCodes(Map.of("publish_at", "2026-11-27T09:30:00Z"), now));
        assertEquals(
                List.of(), youTubeCodes(Map.of("publish_at", "2026-11-26T12:00:00+01:00", "privacy", "private"), now));
        assertEquals(List.of("not_in_future"), youTubeCodes(Map.of("publish_at", "2026-11-26T10:00:00Z"), now));
        assertEquals(List.of("not_in_future"), youTubeCodes(Map.of("publish_at", "2026-11-26T10:30:00+01:00"), now));
        assertEquals(List.of("invalid_datetime"), youTubeCodes(Map.of("publish_at", "2026-11-27 09:30"), now));
        assertEquals(List.of("invalid_datetime"), youTubeCodes(Map.of("publish_at", "2026-11-27T09:30:00"), now));
        assertEquals(
                List.of("option_conflict"),
                youTubeCodes(Map.of("publish_at", "2026-11-27T09:30:00Z", "privacy", "public"), now));
    }

    private static List<String> youTubeCodes(Map<String, String> options, Instant now) {
        return codes(PlatformRules.check(Platform.YOUTUBE, new PostDraft("Launch", 0, 1, options), now));
    }

    private static List<String> codes(List<Problem> problems) {
        return problems.stream().map(Problem::code).toList();
    }
}
