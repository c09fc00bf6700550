package dev.herald.media.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.media.MediaConfigs;

/**
 * {@link S3Storage} against a real S3-compatible server over HTTP (s3rver: it checks access keys and the expiry of
 * presigned URLs, but not SigV4 signatures themselves); plain JUnit. Skipped where {@code tools/s3rver/install.sh} was
 * not run.
 */
@EnabledIf("dev.herald.media.storage.S3rver#installed")
class S3StorageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final S3rver SERVER = new S3rver();
    private static S3Storage storage;

    @TempDir
    static Path dir;

    private final String prefix = "objects/ws_" + UUID.randomUUID() + "/";

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(S3rver.settings(SERVER.run()));
        settings.put("herald.media.storage.directory", dir.toString());
        storage = new S3Storage(MediaConfigs.of(settings));
    }

    @AfterAll
    static void stop() {
        if (storage != null) {
            storage.close();
        }
        SERVER.stop();
    }

    @Test
    void shouldStoreReadAndDeleteAnObjectWhenTheStreamFitsTheCap() throws IOException {
        byte[] bytes = new byte[300_000];
        bytes[299_999] = 7;
        String key = prefix + "a";
        assertEquals(300_000, storage.write(key, new ByteArrayInputStream(bytes), 300_000));
        assertEquals(300_000, storage.size(key));
        try (InputStream in = storage.open(key)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        storage.delete(key);
        assertEquals(-1, storage.size(key));
        assertThrows(NoSuchFileException.class, () -> storage.open(key));
        storage.delete(key); // deleting what is gone is fine
    }

    @Test
    void shouldStoreNothingWhenTheStreamIsLargerThanTheCap() throws IOException {
        String key = prefix + "b";
        assertThrows(
                MediaStorage.TooLargeException.class,
                () -> storage.write(key, new ByteArrayInputStream(new byte[1001]), 1000));
        assertEquals(-1, storage.size(key));
    }

    @Test
    void shouldKeepTheOldObjectWhenAReplacementBreaksOff() throws IOException {
        String key = prefix + "c";
        storage.write(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);
        InputStream broken = new BreakingStream(5);
        assertThrows(IOException.class, () -> storage.write(key, broken, 10));
        try (InputStream in = storage.open(key)) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
    }

    @Test
    void shouldMoveAnObjectWhenAsked() throws IOException {
        storage.write(prefix + "from", new ByteArrayInputStream(new byte[] {4, 5}), 10);
        storage.move(prefix + "from", prefix + "to");
        assertEquals(-1, storage.size(prefix + "from"));
        assertEquals(2, storage.size(prefix + "to"));
        assertThrows(NoSuchFileException.class, () -> storage.move(prefix + "from", prefix + "again"));
    }

    @Test
    void shouldTakeTheBytesWhenPutToAPresignedUrlThatSignsTheirLength() throws Exception {
        String key = prefix + "upload";
        URI url = storage.presignedPut(key, 5, Duration.ofMinutes(5)).orElseThrow();
        // AWS S3 refuses a PUT of another length (the header is signed); s3rver does not check SigV4 signatures, so
        // media-service checks the size again on complete.
        assertTrue(url.getQuery().contains("X-Amz-SignedHeaders=content-length;host"), url.toString());
        assertTrue(url.getQuery().contains("X-Amz-Expires=300"), url.toString());

        HttpResponse<String> ok = put(url, new byte[] {1, 2, 3, 4, 5});
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(5, storage.size(key));
    }

    @Test
    void shouldServeAPresignedGetWithTheTypeAsked() throws Exception {
        String key = prefix + "public";
        storage.write(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);
        URI url = storage.presignedGet(key, "image/png", Duration.ofMinutes(5)).orElseThrow();
        assertTrue(url.getQuery().contains("X-Amz-Signature="), url.toString());

        HttpResponse<byte[]> got =
                HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode());
        assertArrayEquals(new byte[] {1, 2, 3}, got.body());
        assertEquals("image/png", got.headers().firstValue("Content-Type").orElse(null));
    }

    @Test
    void shouldRefuseToStartWhenAUrlLifetimeIsLongerThanPresignedUrlsAllow() {
        Map<String, String> settings = new HashMap<>(S3rver.settings(SERVER.started()));
        settings.put("herald.media.public-urls.ttl", "8d");
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> new S3Storage(MediaConfigs.of(settings)));
        assertTrue(refused.getMessage().contains("at most 7 days"), refused.getMessage());
    }

    private static HttpResponse<String> put(URI url, byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(url)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
