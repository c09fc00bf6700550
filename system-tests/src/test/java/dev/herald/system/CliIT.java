package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

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
        stack = HeraldStack.create(HeraldStack.Options.forTests(work.resolve("stack"), ADMIN_TOKEN));
        // media import fetches from a server of this test on loopback: allowed for this stack only (never by default).
        stack.environment("media-service", "HERALD_MEDIA_IMPORT_ALLOW_LOOPBACK", "true");
        stack.startAll();
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

    @Test
    void shouldImportMediaFromAUrlAndReportItReadyWhenAskedForItsStatus() throws Exception {
        byte[] png = Images.png(200, 100, Color.BLUE);
        HttpServer source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/banner.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            exchange.getResponseBody().write(png);
            exchange.close();
        });
        source.start();
        String mediaId;
        try {
            String url = "http://127.0.0.1:" + source.getAddress().getPort() + "/banner.png";
            JsonNode imported = ok(asTenant("media", "import", url, "--alt-text", "A banner", "--output", "json"))
                    .json();
            mediaId = imported.path("id").asText();
            assertTrue(mediaId.startsWith("med_"), imported.toString());
            assertEquals("import", imported.path("source").asText(), imported.toString());
            assertEquals("A banner", imported.path("alt_text").asText(), imported.toString());
        } finally {
            source.stop(0);
        }

        // Processing is asynchronous: media status is asked again until the item is ready.
        JsonNode item = awaitAnswer(
                answer -> !"processing".equals(answer.path("status").asText()),
                "media",
                "status",
                mediaId,
                "--output",
                "json");
        assertEquals("ready", item.path("status").asText(), item.toString());
        assertEquals(200, item.path("width").asInt(), item.toString());
        Run table = ok(asTenant("media", "status", mediaId));
        assertTrue(table.out().lines().anyMatch(l -> l.matches("status\\s+ready")), table.out());

        // A private address is refused by the SSRF guard: the API's 400, exit 1, nothing on stdout.
        Run refused = run(asTenant("media", "import", "http://10.0.0.1/banner.png"));
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().startsWith("error: address_not_allowed: "), refused.err());
        assertEquals("", refused.out());
    }

    @Test
    void shouldDrawTheUploadProgressBarToOneHundredPercentWhenForcedOnOutsideATerminal() throws Exception {
        Path image = work.resolve("noise.png");
        Files.write(image, noise(800, 800));
        long size = Files.size(image);
        assertTrue(size > 1_000_000, "large enough to be sent in many pieces: " + size);

        // Output to files, not a terminal: no bar unless --progress asks for it.
        Run quiet = ok(asTenant("media", "upload", image.toString(), "--output", "json"));
        assertEquals("", quiet.err(), "no bar when stderr is not a terminal");
        assertTrue(quiet.json().path("id").asText().startsWith("med_"), quiet.out());

        Run shown = ok(asTenant("media", "upload", image.toString(), "--progress", "--output", "json"));
        assertTrue(shown.json().path("id").asText().startsWith("med_"), "stdout carries only the JSON: " + shown.out());
        List<String> frames = Arrays.stream(shown.err().split("\r"))
                .filter(frame -> !frame.isBlank())
                .map(String::strip)
                .toList();
        List<Integer> percents = frames.stream()
                .map(frame -> {
                    Matcher m = Pattern.compile("^noise\\.png \\[[# ]{30}\\] (\\d+)% ")
                            .matcher(frame);
                    assertTrue(m.find(), "a progress frame: " + frame);
                    return Integer.parseInt(m.group(1));
                })
                .toList();
        assertTrue(percents.size() > 1, "the bar moved: " + frames);
        assertTrue(percents.get(0) < 100, "it started below 100 %: " + frames);
        assertEquals(percents.stream().sorted().toList(), percents, "never backwards: " + frames);
        String megabytes = String.format("%.1f MB", size / 1_048_576.0);
        assertEquals(
                "noise.png [" + "#".repeat(30) + "] 100% " + megabytes + " / " + megabytes,
                frames.get(frames.size() - 1));
        assertTrue(shown.err().endsWith("\n"), "the bar's line is ended");
    }

    @Test
    void shouldRetryTheFailedDestinationWhenAskedWithPostsRetry() throws Exception {
        String account = tenant.connectSandboxAccount();
        JsonNode created = ok(asTenant(
                        "posts",
                        "create",
                        "--caption",
                        "Refused [sandbox:fail]",
                        "--account",
                        account,
                        "--output",
                        "json"))
                .json();
        String postId = created.path("id").asText();
        JsonNode failed =
                awaitPost(postId, post -> "failed".equals(post.path("status").asText()));
        JsonNode destination = failed.path("destinations").get(0);
        assertEquals("sandbox_rejected", destination.path("error").path("code").asText(), failed.toString());
        assertEquals(1, destination.path("attempts").asInt(), failed.toString());
        // The table shows the destination's error code (from error.code).
        Run table = ok(asTenant("posts", "get", postId));
        assertTrue(
                table.out()
                        .lines()
                        .anyMatch(l -> l.startsWith(destination.path("id").asText())
                                && l.contains("failed")
                                && l.endsWith("sandbox_rejected")),
                table.out());

        JsonNode retried =
                ok(asTenant("posts", "retry", postId, "--output", "json")).json();
        assertEquals(1, retried.path("retried_count").asInt(), retried.toString());
        assertEquals(
                destination.path("id").asText(),
                retried.path("retried").get(0).path("id").asText(),
                retried.toString());
        assertTrue(
                Set.of("scheduled", "queued")
                        .contains(retried.path("retried").get(0).path("status").asText()),
                "sent again: " + retried);
        assertNotEquals("failed", retried.path("post").path("status").asText(), retried.toString());

        // The re-sent attempt reaches the platform again: the sandbox refuses the same caption again, now as attempt 2.
        JsonNode again = awaitPost(
                postId,
                post -> "failed".equals(post.path("status").asText())
                        && post.path("destinations").get(0).path("attempts").asInt() == 2);
        assertEquals(
                "sandbox_rejected",
                again.path("destinations").get(0).path("error").path("code").asText(),
                again.toString());

        Run missing = run(asTenant("posts", "retry", "post_00000000000000000000000000"));
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("error: not_found: "), missing.err());
    }

    @Test
    void shouldReplayOneFailedDeliveryAndRecoverTheOthersWhenTheEndpointIsBack() throws Exception {
        // A receiver that answers 410 Gone (Herald fails the delivery at once and disables the endpoint) until told
        // to accept.
        AtomicInteger answer = new AtomicInteger(410);
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = answer.get();
            received.add(exchange.getRequestHeaders().getFirst("webhook-id") + " " + status);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            // Only account.expired, which nothing here causes: the other tests' post and media events stay away.
            String endpointId = ok(asTenant(
                            "webhooks", "create", "--url", url, "--events", "account.expired", "--output", "json"))
                    .json()
                    .path("id")
                    .asText();

            String first = failedTestDelivery(endpointId);
            ok(asTenant("webhooks", "enable", endpointId));
            answer.set(204);
            JsonNode replayed = ok(asTenant("webhooks", "replay", endpointId, "--delivery", first, "--output", "json"))
                    .json();
            assertEquals(first, replayed.path("id").asText(), replayed.toString());
            assertEquals("pending", replayed.path("status").asText(), replayed.toString());
            awaitDelivered(endpointId, first);
            assertEquals(List.of(first + " 410", first + " 204"), received, "the same webhook-id, sent once more");

            // Only a failed delivery can be replayed: the API's 409, exit 1.
            Run notFailed = run(asTenant("webhooks", "replay", endpointId, "--delivery", first));
            assertEquals(1, notFailed.exit(), notFailed.toString());
            assertTrue(notFailed.err().startsWith("error: delivery_not_failed: "), notFailed.err());

            answer.set(410);
            String since = java.time.Instant.now().minusSeconds(1).toString();
            String second = failedTestDelivery(endpointId);
            Run disabled = run(asTenant("webhooks", "replay", endpointId, "--since", since));
            assertEquals(1, disabled.exit(), "replay before enable: " + disabled);
            assertTrue(disabled.err().startsWith("error: endpoint_disabled: "), disabled.err());
            Run enabled = ok(asTenant("webhooks", "enable", endpointId));
            assertTrue(enabled.out().lines().anyMatch(l -> l.matches("status\\s+enabled")), enabled.out());
            answer.set(204);
            Run recovered = ok(asTenant("webhooks", "replay", endpointId, "--since", since));
            assertEquals("Re-sending 1 failed delivery(ies).", recovered.out().strip());
            awaitDelivered(endpointId, second);
            assertEquals(
                    List.of(first + " 410", first + " 204", second + " 410", second + " 204"),
                    received,
                    "recover sent the one failed since then, once; the delivered one not again");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void shouldShowAPublishedPostsMetricsWhenAskedForItsAnalytics() throws Exception {
        String account = tenant.connectSandboxAccount();
        String postId = ok(asTenant(
                        "posts", "create", "--caption", "Counted", "--account", account, "--output", "json"))
                .json()
                .path("id")
                .asText();
        awaitPost(postId, post -> "published".equals(post.path("status").asText()));

        // analytics-service learns of the publication from the results topic; then a refresh collects figures.
        JsonNode[] analytics = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Run run = run(asTenant("analytics", "post", postId, "--output", "json"));
                    analytics[0] = run.exit() == 0 ? run.json() : null;
                    return analytics[0] != null
                            && "published"
                                    .equals(analytics[0]
                                            .path("destinations")
                                            .path(0)
                                            .path("status")
                                            .asText());
                });
        String platformPostId = analytics[0]
                .path("destinations")
                .get(0)
                .path("platform_post_id")
                .asText();
        tenant.api().post("/v1/analytics/posts/" + postId + "/refresh").then().statusCode(202);
        // Collected within the hour of publishing: the sandbox's base, 100 + floorMod(hashCode, 100).
        int impressions = 100 + Math.floorMod(platformPostId.hashCode(), 100);
        analytics[0] = awaitAnswer(
                answer -> answer.at("/destinations/0/latest/impressions").isNumber(),
                "analytics",
                "post",
                postId,
                "--output",
                "json");
        JsonNode latest = analytics[0].path("destinations").get(0).path("latest");
        assertEquals(impressions, latest.path("impressions").asInt(), analytics[0].toString());
        assertEquals(postId, analytics[0].path("post_id").asText());

        Run table = ok(asTenant("analytics", "post", postId));
        List<String> lines = table.out().lines().toList();
        assertEquals(
                List.of(
                        "DESTINATION",
                        "PLATFORM",
                        "STATUS",
                        "IMPRESSIONS",
                        "LIKES",
                        "COMMENTS",
                        "SHARES",
                        "ENGAGEMENT",
                        "ENGAGEMENT_RATE"),
                List.of(lines.get(0).split("\\s+")),
                table.out());
        List<String> row = List.of(lines.get(1).split("\\s+"));
        assertEquals(
                List.of(
                        analytics[0]
                                .path("destinations")
                                .get(0)
                                .path("destination_id")
                                .asText(),
                        "sandbox",
                        "published",
                        Integer.toString(impressions),
                        latest.path("likes").asText()),
                row.subList(0, 5),
                table.out());

        Run missing = run(asTenant("analytics", "post", "post_00000000000000000000000000"));
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("error: not_found: "), missing.err());
    }

    /** Polls {@code posts get --output json} until the post satisfies {@code done}; returns that answer. */
    private static JsonNode awaitPost(String postId, Predicate<JsonNode> done) {
        return awaitAnswer(done, "posts", "get", postId, "--output", "json");
    }

    /** Runs a CLI command (exit 0, JSON out) every half second until its answer satisfies {@code done}. */
    private static JsonNode awaitAnswer(Predicate<JsonNode> done, String... args) {
        JsonNode[] answer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    answer[0] = ok(asTenant(args)).json();
                    return done.test(answer[0]);
                });
        return answer[0];
    }

    /** Sends a test event to an endpoint whose receiver answers 410: that delivery fails. Returns its id. */
    private static String failedTestDelivery(String endpointId) {
        tenant.api().post("/v1/webhooks/" + endpointId + "/test").then().statusCode(200);
        JsonNode failed = awaitAnswer(
                        list -> list.path("data").size() == 1,
                        "webhooks",
                        "deliveries",
                        endpointId,
                        "--status",
                        "failed",
                        "--output",
                        "json")
                .path("data")
                .get(0);
        assertEquals(410, failed.path("last_response_status").asInt(), failed.toString());
        return failed.path("id").asText();
    }

    private static void awaitDelivered(String endpointId, String deliveryId) {
        awaitAnswer(
                list -> {
                    for (JsonNode delivery : list.path("data")) {
                        if (delivery.path("id").asText().equals(deliveryId)) {
                            return "delivered".equals(delivery.path("status").asText());
                        }
                    }
                    return false;
                },
                "webhooks",
                "deliveries",
                endpointId,
                "--output",
                "json");
    }

    /** A PNG of random pixels: it does not compress, so the upload is about 3 bytes a pixel. */
    private static byte[] noise(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
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
