package dev.herald.media.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.media.MediaConfigs;
import dev.herald.media.MediaItem;
import dev.herald.media.Samples;
import dev.herald.media.config.MediaConfig;
import dev.herald.media.storage.FileSystemStorage;

/** The inspector on real files made in the test, and on hostile ones; plain JUnit, no service around it. */
class MediaInspectorTest {

    @TempDir
    Path dir;

    private FileSystemStorage storage;
    private MediaInspector inspector;

    @BeforeEach
    void setUp() {
        MediaConfig media = MediaConfigs.of(Map.of("herald.media.storage.directory", dir.toString()));
        storage = new FileSystemStorage(media);
        inspector = new MediaInspector(storage, media);
    }

    private MediaItem.Measured inspect(byte[] bytes) throws Exception {
        MediaItem item = MediaItem.stored(
                "med_01TEST0000000000000000000",
                "ws_test",
                "upload",
                null,
                "x",
                null,
                null,
                bytes.length,
                Instant.now());
        storage.write(item.storageKey(), new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        return inspector.inspect(item, item.storageKey(), new MediaInspector.Cancel());
    }

    private String rejection(byte[] bytes) {
        return assertThrows(Rejection.class, () -> inspect(bytes)).code();
    }

    @Test
    void shouldMeasureAJpegWhenItIsWellFormed() throws Exception {
        MediaItem.Measured measured = inspect(Samples.jpeg(640, 480));
        assertEquals("image/jpeg", measured.mimeType());
        assertEquals("image", measured.kind());
        assertEquals(640, measured.width());
        assertEquals(480, measured.height());
        assertEquals(64, measured.sha256().length());
        assertTrue(Files.size(dir.resolve(measured.thumbnailKey())) > 0);
    }

    @Test
    void shouldMeasurePngGifAndWebpWhenTheyAreWellFormed() throws Exception {
        MediaItem.Measured png = inspect(Samples.png(300, 200));
        assertEquals("image/png", png.mimeType());
        assertEquals(300, png.width());
        MediaItem.Measured gif = inspect(Samples.gif(120, 90));
        assertEquals("image/gif", gif.mimeType());
        assertEquals("gif", gif.kind());
        assertEquals(90, gif.height());
        MediaItem.Measured webp = inspect(Samples.webp());
        assertEquals("image/webp", webp.mimeType());
        assertEquals(1, webp.width());
        assertNotNull(webp.thumbnailKey());
    }

    @Test
    void shouldReadDurationAndResolutionWhenTheFileIsAnMp4() throws Exception {
        MediaItem.Measured mp4 = inspect(Samples.mp4(1280, 720, 4_500));
        assertEquals("video/mp4", mp4.mimeType());
        assertEquals("video", mp4.kind());
        assertEquals(1280, mp4.width());
        assertEquals(720, mp4.height());
        assertEquals(4_500L, mp4.durationMs());
        assertEquals("H.264", mp4.videoCodec());
        assertNull(mp4.thumbnailKey());
    }

    @Test
    void shouldMakeAThumbnailFromAKeyFrameWhenTheVideoIsH264() throws Exception {
        MediaItem.Measured mp4 = inspect(Samples.h264Mp4(160, 120, 50));
        assertEquals("video", mp4.kind());
        assertEquals(160, mp4.width());
        assertEquals(120, mp4.height());
        assertEquals(2_000L, mp4.durationMs());
        assertNotNull(mp4.thumbnailKey());
        java.awt.image.BufferedImage thumbnail =
                javax.imageio.ImageIO.read(dir.resolve(mp4.thumbnailKey()).toFile());
        assertEquals(160, thumbnail.getWidth());
        assertEquals(120, thumbnail.getHeight());
        // The decoded picture, not a placeholder: orange in the corner, blue in the middle (JPEG and YUV round off).
        assertColor(java.awt.Color.ORANGE, thumbnail.getRGB(5, 5));
        assertColor(java.awt.Color.BLUE, thumbnail.getRGB(80, 60));
    }

    @Test
    void shouldLeaveTheVideoWithoutThumbnailWhenItsFrameIsLargerThanTheLimit() throws Exception {
        MediaConfig small = MediaConfigs.of(Map.of(
                "herald.media.storage.directory", dir.toString(), "herald.media.limits.video-frame-pixels", "10000"));
        inspector = new MediaInspector(storage, small);
        MediaItem.Measured mp4 = inspect(Samples.h264Mp4(160, 120, 5));
        assertEquals(160, mp4.width());
        assertNull(mp4.thumbnailKey());
    }

    private static void assertColor(java.awt.Color expected, int rgb) {
        java.awt.Color actual = new java.awt.Color(rgb);
        int distance = Math.abs(expected.getRed() - actual.getRed())
                + Math.abs(expected.getGreen() - actual.getGreen())
                + Math.abs(expected.getBlue() - actual.getBlue());
        assertTrue(distance < 60, "expected about " + expected + " but was " + actual);
    }

    @Test
    void shouldReadAQuickTimeMovieWhenItsBrandIsQt() throws Exception {
        MediaItem.Measured mov = inspect(Samples.mov(640, 360, 2_000));
        assertEquals("video/quicktime", mov.mimeType());
        assertEquals(640, mov.width());
        assertEquals(2_000L, mov.durationMs());
    }

    @Test
    void shouldRefuseHostileFilesWithAReasonWhenInspected() {
        assertEquals(Rejection.TRUNCATED, rejection(Samples.truncatedJpeg()));
        assertEquals(Rejection.DIMENSIONS_TOO_LARGE, rejection(Samples.hugeDimensionsPng()));
        assertEquals(Rejection.POLYGLOT, rejection(Samples.jpegZipPolyglot()));
        assertEquals(Rejection.POLYGLOT, rejection(Samples.gifScriptPolyglot()));
        assertEquals(Rejection.UNSUPPORTED_TYPE, rejection(Samples.executable()));
    }
}
