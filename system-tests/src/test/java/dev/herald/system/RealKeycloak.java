package dev.herald.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.herald.testsupport.FreePorts;
import dev.herald.testsupport.HeraldPaths;

/**
 * The Keycloak server distribution (unpacked by the build from Maven Central into {@code target/keycloak}) run in dev
 * mode with the realm Herald ships in {@code deploy/keycloak} imported — the same file compose and k8s import. Each
 * start begins from an empty database, so the realm's users are as shipped (temporary passwords included).
 */
final class RealKeycloak implements AutoCloseable {

    static final String REALM_FILE = "deploy/keycloak/herald-realm.json";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Path home;
    private final int port = FreePorts.next();
    private Process process;

    RealKeycloak() {
        String configured = System.getProperty("herald.keycloak.home");
        if (configured == null) {
            throw new IllegalStateException("herald.keycloak.home is not set: run through Maven (failsafe sets it)");
        }
        this.home = Path.of(configured);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String issuer() {
        return url() + "/realms/herald";
    }

    RealKeycloak start(Path logFile) {
        try {
            Path data = home.resolve("data");
            if (Files.exists(data)) {
                try (Stream<Path> files = Files.walk(data)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(data.resolve("import"));
            Files.copy(
                    HeraldPaths.root().resolve(REALM_FILE),
                    data.resolve("import/herald-realm.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            home.resolve("bin/kc.sh").toFile().setExecutable(true);
            ProcessBuilder builder = new ProcessBuilder(
                            home.resolve("bin/kc.sh").toString(),
                            "start-dev",
                            "--import-realm",
                            "--http-host=127.0.0.1",
                            "--http-port=" + port,
                            "--http-management-port=" + FreePorts.next())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            process = builder.start();
            awaitRealm(logFile);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitRealm(Path logFile) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                // Waiting for an external server to come up: no event to wait on but its port.
                process.waitFor(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(
                "Keycloak did not serve the realm within " + START_TIMEOUT + "; see " + logFile);
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
