package dev.herald.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * {@code ./herald up}: runs the whole system on this machine — embedded PostgreSQL, a real Kafka broker, the six
 * services — creates a demo workspace with a test key and a sandbox account (once; kept in the data folder), writes
 * {@code .herald/env} and stays in the foreground until stopped (Ctrl-C or SIGTERM), then stops everything.
 */
public final class HeraldLauncher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path home;
    private final Path data;

    private HeraldLauncher(Path home) {
        this.home = home;
        this.data = home.resolve("data");
    }

    public static void main(String[] args) throws Exception {
        Path home = HeraldPaths.root().resolve(".herald");
        new HeraldLauncher(home).up();
    }

    private void up() throws Exception {
        Files.createDirectories(data);
        Files.deleteIfExists(home.resolve("ready"));
        Files.deleteIfExists(home.resolve("env"));
        Map<String, String> env = System.getenv();
        int basePort = Integer.parseInt(env.getOrDefault("HERALD_PORT", "8080"));
        String adminToken = secret(data.resolve("admin-token"));
        System.out.println("Herald: starting PostgreSQL, Kafka and six services (data in " + data + ") ...");
        Instant started = Instant.now();
        HeraldStack stack = HeraldStack.create(new HeraldStack.Options(
                data,
                true,
                false,
                basePort,
                Integer.parseInt(env.getOrDefault("HERALD_KAFKA_PORT", "19092")),
                Integer.parseInt(env.getOrDefault("HERALD_POSTGRES_PORT", "15432")),
                adminToken,
                true,
                Integer.parseInt(env.getOrDefault("HERALD_RATE_LIMIT", "600")),
                env.getOrDefault("HERALD_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Herald: stopping ...");
                            stack.close();
                            try {
                                Files.deleteIfExists(home.resolve("ready"));
                            } catch (IOException e) {
                                // nothing to do while the JVM exits
                            }
                            System.out.println("Herald: stopped.");
                            stopped.countDown();
                        },
                        "herald-stop"));

        try {
            stack.startAll();
        } catch (RuntimeException e) {
            System.err.println("Herald: could not start: " + e.getMessage());
            System.exit(1);
        }
        Demo demo = demo(stack.gatewayUrl(), adminToken);
        String curl = "curl -s -X POST " + stack.gatewayUrl() + "/v1/posts"
                + " -H 'Authorization: Bearer " + demo.apiKey() + "'"
                + " -H 'Content-Type: application/json'"
                + " -d '{\"caption\":\"Hello from Herald\",\"account_ids\":[\"" + demo.accountId() + "\"],"
                + "\"scheduled_at\":\"'$(date -u -d '+5 seconds' +%Y-%m-%dT%H:%M:%SZ)'\"}'";
        Files.writeString(
                home.resolve("env"),
                "HERALD_URL=" + stack.gatewayUrl() + "\n"
                        + "HERALD_API_KEY=" + demo.apiKey() + "\n"
                        + "HERALD_SANDBOX_ACCOUNT_ID=" + demo.accountId() + "\n"
                        + "HERALD_WORKSPACE_ID=" + demo.workspaceId() + "\n");
        String banner = """

                Herald is up (%d s).
                  Gateway:          %s
                  Test API key:     %s
                  Sandbox account:  %s
                  Settings:         source .herald/env
                  Logs:             %s

                Schedule a post 5 seconds from now:
                  %s

                Then look at it:  curl -s %s/v1/posts/<id> -H 'Authorization: Bearer %s'
                Stop with Ctrl-C (or ./herald down).
                """.formatted(
                        Duration.between(started, Instant.now()).toSeconds(),
                        stack.gatewayUrl(),
                        demo.apiKey(),
                        demo.accountId(),
                        stack.logDir(),
                        curl,
                        stack.gatewayUrl(),
                        demo.apiKey());
        Files.writeString(home.resolve("banner.txt"), banner);
        Files.writeString(home.resolve("curl.sh"), "#!/bin/sh\n" + curl + "\n");
        Files.writeString(home.resolve("ready"), Instant.now().toString());
        System.out.println(banner);
        stopped.await();
    }

    /** The demo workspace, key and sandbox account: created on the first run, reused after. */
    private Demo demo(String gateway, String adminToken) throws Exception {
        Path file = data.resolve("demo.json");
        if (Files.exists(file)) {
            JsonNode saved = JSON.readTree(file.toFile());
            Demo demo = new Demo(
                    saved.get("workspace_id").asText(),
                    saved.get("api_key").asText(),
                    saved.get("account_id").asText());
            if (keyWorks(gateway, demo.apiKey())) {
                return demo;
            }
            // A key from an older Herald (another key format) or revoked: make a new demo workspace.
            System.out.println("Herald: the saved demo key no longer works; creating a new demo workspace.");
        }
        JsonNode workspace = post(
                gateway + "/admin/v1/workspaces",
                adminToken,
                JSON.createObjectNode().put("name", "Demo workspace").put("key_mode", "test"),
                201);
        String apiKey = workspace.get("api_key").get("secret").asText();
        JsonNode account = post(
                gateway + "/v1/accounts/connect/sandbox",
                apiKey,
                JSON.createObjectNode().put("handle", "demo"),
                201);
        String accountId = account.get("id").asText();
        awaitAccountUsable(gateway, apiKey, accountId);
        Demo demo = new Demo(workspace.get("workspace_id").asText(), apiKey, accountId);
        ObjectNode saved = JSON.createObjectNode()
                .put("workspace_id", demo.workspaceId())
                .put("api_key", demo.apiKey())
                .put("account_id", demo.accountId());
        Files.writeString(file, saved.toPrettyString());
        return demo;
    }

    private boolean keyWorks(String gateway, String apiKey) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/v1/me"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + apiKey)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200;
    }

    /** The post-service learns of accounts through Kafka: wait until it would accept a post for this one. */
    private void awaitAccountUsable(String gateway, String apiKey, String accountId) throws Exception {
        ObjectNode probe = JSON.createObjectNode().put("caption", "probe");
        probe.putArray("account_ids").add(accountId);
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode answer = post(gateway + "/v1/posts/validate", apiKey, probe, 200);
            if (answer.get("valid").asBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The sandbox account did not reach the post-service");
    }

    private JsonNode post(String url, String bearer, JsonNode body, int expected) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    "POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A random secret kept in a file readable only by its owner, created on first use. */
    private static String secret(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String value = HexFormat.of().formatHex(bytes);
        Files.writeString(file, value);
        file.toFile().setReadable(false, false);
        file.toFile().setReadable(true, true);
        return value;
    }

    private record Demo(String workspaceId, String apiKey, String accountId) {}
}
