package dev.herald.media.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.herald.media.MediaApi;
import dev.herald.media.MediaItem;
import dev.herald.media.Samples;
import dev.herald.media.config.MediaConfig;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * A job that never finishes on its own: its stored object is a named pipe nobody writes to, so reading it blocks in
 * the operating system, where neither the job's cancel flag nor an interrupt reaches. The job still ends
 * {@code failed} with {@code processing_timeout} at its deadline, and the one worker goes on with the next job.
 */
@QuarkusTest
@TestProfile(MediaProcessingTimeoutTest.ShortDeadline.class)
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class MediaProcessingTimeoutTest {

    /** A 2-second deadline and a single worker, so the next job can only run if the worker moved on. */
    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("herald.media.processing.timeout", "2s", "herald.media.processing.concurrency", "1");
        }
    }

    private final String workspace = "ws_" + UUID.randomUUID();
    private final MediaApi api = new MediaApi(workspace);

    @Inject
    MediaConfig config;

    @Test
    void shouldFailTheJobWithProcessingTimeoutAndGoOnWhenReadingTheFileNeverEnds() throws Exception {
        String stuck = api.stage(Samples.png(16, 16), "stuck.png", "image/png");
        Path stored = config.storage().directory().toAbsolutePath().resolve(MediaItem.storageKeyOf(workspace, stuck));
        Files.delete(stored);
        mkfifo(stored);
        try {
            api.complete(stuck);
            String next = api.upload(Samples.png(8, 8), "next.png", "image/png");

            JsonPath timedOut = api.awaitFinal(stuck);
            assertEquals("failed", timedOut.getString("status"));
            assertEquals("processing_timeout", timedOut.getString("error.code"));
            assertEquals("Processing took longer than 2 s.", timedOut.getString("error.message"));
            assertEquals("ready", api.awaitFinal(next).getString("status"));
        } finally {
            // Opening the pipe read-write never blocks; closing it ends the stuck read with end-of-file.
            try (FileChannel release = FileChannel.open(stored, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                release.size();
            }
            Files.deleteIfExists(stored);
        }
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
    }
}
