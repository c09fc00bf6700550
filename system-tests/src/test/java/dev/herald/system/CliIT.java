package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * The packaged CLI ({@code java -jar cli/target/herald-cli.jar}, as {@code ./herald} runs it) against the real
 * gateway of a running stack: its answers, its config file and its exit codes as a script sees them.
 */
class CliIT {

    private static final String ADMIN_TOKEN = "cli-test-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static HeraldStack stack;
    private static Tenant tenant;
    private static Path jar;
    private static Path work;

    /** What one run of the CLI left: its exit code and its two streams. */
    record Run(int exit, String out, String err) {

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        jar = HeraldPaths.root().resolve("cli/target/herald-cli.jar");
        assertTrue(Files.isRegularFile(jar), "build the CLI first: ./mvnw -pl cli package (" + jar + ")");
        work = HeraldPaths.root().resolve("system-tests/target/cli-" + System.currentTimeMillis());
        Files.createDirectories(work.resolve("home"));
        stack = HeraldStack.start(HeraldStack.Options.forTests(work.resolve("stack"), ADMIN_TOKEN));
        tenant = Tenant.provision(stack, ADMIN_TOKEN, "CLI");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** The CLI as a new process with its own HOME (so its own ~/.config/herald) and no HERALD_* from this JVM. */
    private static ProcessBuilder cli(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + work.resolve("home"),
                "-jar",
                jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_") || name.equals("XDG_CONFIG_HOME"));
        builder.environment().put("HOME", work.resolve("home").toString());
        return builder;
    }

    private static Run run(String... args) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = cli(List.of(args))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the CLI did not finish: " + List.of(args));
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Run ok(String... args) throws Exception {
        Run run = run(args);
        assertEquals(0, run.exit(), () -> List.of(args) + " -> " + run);
        return run;
    }

    @Test
    void shouldLogInCreateAPostWithMediaAndManageItWhenRunAgainstTheGateway() throws Exception {
        assertEquals(4, run("whoami").exit(), "not logged in yet");

        Run login = ok("login", "--api-key", tenant.apiKey(), "--api-url", stack.gatewayUrl());
        assertTrue(login.out().contains(tenant.workspaceId()), login.out());
        Path config = work.resolve("home/.config/herald/config.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals(
                tenant.workspaceId(),
                ok("whoami", "--output", "json").json().path("workspace_id").asText());

        String account = tenant.connectSandboxAccount();
        JsonNode accounts = ok("accounts", "list", "--output", "json").json();
        assertTrue(ids(accounts).contains(account), accounts.toString());
        assertTrue(ok("accounts", "list").out().contains(account));

        Path image = work.resolve("photo.png");
        Files.write(image, Images.png(64, 48, Color.ORANGE));
        LocalDateTime at = LocalDateTime.now(BERLIN).plusDays(2).truncatedTo(ChronoUnit.MINUTES);
        String atText = at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        String key = "cli-it-" + UUID.randomUUID();
        String[] create = {
            "posts",
            "create",
            "--caption",
            "Hello from the CLI",
            "--account",
            account,
            "--at",
            atText,
            "--tz",
            "Europe/Berlin",
            "--media",
            image.toString(),
            "--idempotency-key",
            key,
            "--output",
            "json"
        };
        JsonNode post = ok(create).json();
        String postId = post.path("id").asText();
        assertEquals("scheduled", post.path("status").asText(), post.toString());
        assertEquals("Europe/Berlin", post.path("timezone").asText(), post.toString());
        assertEquals(
                at.atZone(BERLIN).toInstant(),
                java.time.Instant.parse(post.path("scheduled_at").asText()),
                "--at is read in --tz");
        assertEquals(1, post.path("media_ids").size(), post.toString());
        String mediaId = post.path("media_ids").get(0).asText();
        assertEquals(
                "ready",
                ok("media", "status", mediaId, "--output", "json")
                        .json()
                        .path("status")
                        .asText());

        // The same command again (a script retrying): the same post, and the same media item, not a second one.
        JsonNode again = ok(create).json();
        assertEquals(postId, again.path("id").asText());
        assertEquals(mediaId, again.path("media_ids").get(0).asText());

        JsonNode list =
                ok("posts", "list", "--status", "scheduled", "--output", "json").json();
        assertEquals(List.of(postId), ids(list));
        assertTrue(ok("posts", "get", postId).out().contains(account));
        assertEquals(
                "canceled",
                ok("posts", "cancel", postId, "--output", "json")
                        .json()
                        .path("status")
                        .asText());
        assertEquals(
                "canceled",
                ok("posts", "get", postId, "--output", "json")
                        .json()
                        .path("status")
                        .asText());

        ok("logout");
        assertTrue(Files.notExists(config));
    }

    @Test
    void shouldExitOneWithTheApiErrorWhenAPostDoesNotExist() throws Exception {
        Run missing = run(asTenant("posts", "get", "post_00000000000000000000000000"));
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("error: not_found: "), missing.err());

        Run json = run(asTenant("posts", "cancel", "post_00000000000000000000000000", "--output", "json"));
        assertEquals(1, json.exit());
        assertEquals(
                "not_found",
                JSON.readTree(json.err()).path("error").path("code").asText(),
                json.err());
        assertEquals("", json.out());
    }

    @Test
    void shouldExitFourWhenTheKeyIsRefused() throws Exception {
        String wrong = tenant.apiKey().substring(0, tenant.apiKey().length() - 8) + "AAAAAAAA";
        Run refused = run("accounts", "list", "--api-key", wrong, "--api-url", stack.gatewayUrl());
        assertEquals(4, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("error: "), refused.err());

        Run login = run("login", "--api-key", wrong, "--api-url", stack.gatewayUrl());
        assertEquals(4, login.exit(), login.toString());
        assertTrue(Files.notExists(work.resolve("home/.config/herald/config.json"))
                || !Files.readString(work.resolve("home/.config/herald/config.json"))
                        .contains(wrong));
    }

    @Test
    void shouldPrintARealSignedDeliveryAndRefuseAForgedOneWhenListening() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/webhooks";
        JsonNode endpoint = ok(asTenant(
                        "webhooks",
                        "create",
                        "--url",
                        url,
                        "--events",
                        "post.published,post.failed",
                        "--output",
                        "json"))
                .json();
        String secret = endpoint.path("secret").asText();
        String endpointId = endpoint.path("id").asText();
        assertTrue(secret.startsWith("whsec_"), endpoint.toString());

        Path out = work.resolve("listen-out.txt");
        Path err = work.resolve("listen-err.txt");
        Process listener = cli(List.of(
                        "webhooks",
                        "listen",
                        "--port",
                        Integer.toString(port),
                        "--secret",
                        secret,
                        "--max-events",
                        "1",
                        "--output",
                        "json"))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> accepts(port));

            // A forged delivery: refused with 400 and a line on stderr, and not counted as the one event.
            HttpResponse<String> forged = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("webhook-id", "msg_forged")
                                    .header("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                                    .header("webhook-signature", "v1,bm90IGEgcmVhbCBzaWduYXR1cmU=")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"post.published\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(400, forged.statusCode());

            // A real delivery, signed by the webhook-service.
            tenant.api().post("/v1/webhooks/" + endpointId + "/test").then().statusCode(200);

            assertTrue(listener.waitFor(60, TimeUnit.SECONDS), "listen exits after --max-events 1");
            assertEquals(0, listener.exitValue(), Files.readString(err));
        } finally {
            listener.destroy();
        }
        JsonNode event =
                JSON.readTree(Files.readString(out, StandardCharsets.UTF_8).strip());
        assertEquals("webhook.test", event.path("type").asText(), event.toString());
        assertTrue(Files.readString(err).contains("rejected delivery msg_forged"), Files.readString(err));

        JsonNode deliveries = ok(asTenant("webhooks", "deliveries", endpointId, "--output", "json"))
                .json();
        assertNotEquals(0, deliveries.path("data").size(), deliveries.toString());
        assertTrue(ok(asTenant("webhooks", "list")).out().contains(endpointId));
    }

    /** {@code args} with the tenant's key and the gateway, as a script passes them without a stored login. */
    private static String[] asTenant(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api-key", tenant.apiKey(), "--api-url", stack.gatewayUrl()));
        return all.toArray(String[]::new);
    }

    /** The {@code id} of each item of a list answer's {@code data}. */
    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("data").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
