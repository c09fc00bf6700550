package dev.herald.media.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.testsupport.HeraldPaths;

/**
 * A real S3-compatible server on loopback: s3rver (npm; real HTTP, the S3 REST API, access keys and presigned-URL expiry
 * checked, SigV4 signatures not) from {@code tools/s3rver}, installed by {@code tools/s3rver/install.sh}. As a Quarkus test resource it
 * points the media-service's storage at its bucket.
 */
public class S3rver implements QuarkusTestResourceLifecycleManager {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private Process process;
    private JsonNode started;

    /** Whether {@code tools/s3rver/install.sh} has been run on this machine (the S3 tests are skipped otherwise). */
    public static boolean installed() {
        return Files.isRegularFile(tools().resolve("node_modules/s3rver/package.json"));
    }

    private static Path tools() {
        return HeraldPaths.root().resolve("tools/s3rver");
    }

    /** Starts the server; {@link #stop()} ends it. */
    public JsonNode run() {
        try {
            Path out = Files.createTempFile("herald-s3rver", ".json");
            Files.delete(out);
            Path log = Files.createTempFile("herald-s3rver", ".log");
            // stdin stays a pipe: start.mjs stops when it closes, so a killed test JVM leaves no server behind.
            process = new ProcessBuilder(tools().resolve("start.sh").toString(), out.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Instant deadline = Instant.now().plus(STARTUP);
            while (!Files.exists(out)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("s3rver did not start: " + Files.readString(log));
                }
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
            started = new ObjectMapper().readTree(out.toFile());
            Files.deleteIfExists(out);
            return started;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #run()} returned. */
    public JsonNode started() {
        return started;
    }

    /** The media-service settings for this server's bucket. */
    public static Map<String, String> settings(JsonNode server) {
        return Map.of(
                "herald.media.storage.type", "s3",
                "herald.media.storage.s3.bucket", server.path("bucket").asText(),
                "herald.media.storage.s3.endpoint", server.path("url").asText(),
                "herald.media.storage.s3.region", server.path("region").asText(),
                "herald.media.storage.s3.path-style", "true",
                "herald.media.storage.s3.access-key-id",
                        server.path("accessKeyId").asText(),
                "herald.media.storage.s3.secret-access-key",
                        server.path("secretAccessKey").asText());
    }

    @Override
    public Map<String, String> start() {
        return settings(run());
    }

    @Override
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
