package dev.herald.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MediaRulesTest {

    private static final long MB = 1024L * 1024;

    private static MediaFile jpeg(long size, int width, int height) {
        return new MediaFile(MediaFile.IMAGE, "image/jpeg", size, width, height, null);
    }

    private static MediaFile mp4(long size, long millis) {
        return new MediaFile(MediaFile.VIDEO, "video/mp4", size, 1080, 1920, millis);
    }

    static List<Arguments> cases() {
        return List.of(
                Arguments.of(Platform.X, jpeg(5 * MB, 1200, 800), "ok"),
                Arguments.of(Platform.X, jpeg(5 * MB + 1, 1200, 800), "too_large"),
                Arguments.of(Platform.X, new MediaFile("gif", "image/gif", 15 * MB, 400, 400, null), "ok"),
                Arguments.of(Platform.X, mp4(512 * MB + 1, 10_000), "too_large"),
                Arguments.of(Platform.X, mp4(10 * MB, 141_000), "too_long"),
                Arguments.of(Platform.X, jpeg(MB, 9000, 100), "dimensions_too_large"),
                Arguments.of(Platform.BLUESKY, jpeg(2_000_000, 1000, 1000), "ok"),
                Arguments.of(Platform.BLUESKY, jpeg(2_000_001, 1000, 1000), "too_large"),
                Arguments.of(
                        Platform.BLUESKY,
                        new MediaFile("video", "video/quicktime", MB, 640, 480, 1_000L),
                        "unsupported_format"),
                Arguments.of(Platform.INSTAGRAM, jpeg(MB, 1080, 1350), "ok"),
                Arguments.of(Platform.INSTAGRAM, jpeg(MB, 1080, 1920), "aspect_ratio"),
                Arguments.of(Platform.INSTAGRAM, jpeg(MB, 1910, 1000), "ok"),
                Arguments.of(Platform.INSTAGRAM, jpeg(MB, 2000, 1000), "aspect_ratio"),
                Arguments.of(
                        Platform.INSTAGRAM,
                        new MediaFile("image", "image/png", MB, 1080, 1080, null),
                        "unsupported_format"),
                Arguments.of(
                        Platform.INSTAGRAM,
                        new MediaFile("gif", "image/gif", MB, 100, 100, null),
                        "unsupported_format"),
                Arguments.of(Platform.YOUTUBE, jpeg(MB, 100, 100), "unsupported_format"),
                Arguments.of(Platform.YOUTUBE, mp4(2048 * MB, 3_600_000), "ok"),
                Arguments.of(Platform.TIKTOK, mp4(MB, 600_001), "too_long"),
                Arguments.of(
                        Platform.LINKEDIN,
                        new MediaFile("image", "image/webp", MB, 10, 10, null),
                        "unsupported_format"),
                Arguments.of(Platform.SANDBOX, mp4(1024 * MB, 3_600_000), "ok"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldGiveTheVerdictWhenAFileIsCheckedAgainstAPlatform(Platform platform, MediaFile file, String verdict) {
        assertEquals(verdict, MediaRules.check(platform, file));
    }

    @Test
    void shouldGiveAVerdictForEveryPlatformWhenCheckingAll() {
        var verdicts = MediaRules.checkAll(jpeg(3 * MB, 1080, 1080));
        assertEquals(Platform.values().length, verdicts.size());
        assertEquals("ok", verdicts.get("x"));
        assertEquals("too_large", verdicts.get("bluesky"));
        assertEquals("unsupported_format", verdicts.get("youtube"));
        for (Platform platform : Platform.values()) {
            assertNotNull(MediaRules.limitsOf(platform), platform.id());
        }
    }
}
