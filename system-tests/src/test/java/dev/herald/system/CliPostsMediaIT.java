package dev.herald.system;

import static dev.herald.system.CliHarness.JSON;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.system.CliHarness.Run;

/**
 * The packaged CLI's posts, media and analytics commands against the real gateway of a running stack (see
 * {@link CliHarness}): its answers, its config file and its exit codes as a script sees them.
 */
class CliPostsMediaIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @Test
    void shouldLogInCreateAPostWithMediaAndManageItWhenRunAgainstTheGateway() throws Exception {
        assertEquals(4, cli.run("whoami").exit(), "not logged in yet");

        Run login = cli.ok(
                "login",
                "--api-key",
                cli.tenant().apiKey(),
                "--api-url",
                cli.stack().gatewayUrl());
        assertTrue(login.out().contains(cli.tenant().workspaceId()), login.out());
        Path config = cli.work().resolve("home/.config/herald/config.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals(
                cli.tenant().workspaceId(),
                cli.ok("whoami", "--output", "json").json().path("workspace_id").asText());

        String account = cli.tenant().connectSandboxAccount();
        JsonNode accounts = cli.ok("accounts", "list", "--output", "json").json();
        assertTrue(ids(accounts).contains(account), accounts.toString());
        assertTrue(cli.ok("accounts", "list").out().contains(account));

        Path image = cli.work().resolve("photo.png");
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
        JsonNode post = cli.ok(create).json();
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
                cli.ok("media", "status", mediaId, "--output", "json")
                        .json()
                        .path("status")
                        .asText());

        // The same command again (a script retrying): the same post, and the same media item, not a second one.
        JsonNode again = cli.ok(create).json();
        assertEquals(postId, again.path("id").asText());
        assertEquals(mediaId, again.path("media_ids").get(0).asText());

        JsonNode list = cli.ok("posts", "list", "--status", "scheduled", "--output", "json")
                .json();
        assertEquals(List.of(postId), ids(list));
        assertTrue(cli.ok("posts", "get", postId).out().contains(account));
        assertEquals(
                "canceled",
                cli.ok("posts", "cancel", postId, "--output", "json")
                        .json()
                        .path("status")
                        .asText());
        assertEquals(
                "canceled",
                cli.ok("posts", "get", postId, "--output", "json")
                        .json()
                        .path("status")
                        .asText());

        cli.ok("logout");
        assertTrue(Files.notExists(config));
    }

    @Test
    void shouldExitOneWithTheApiErrorWhenAPostDoesNotExist() throws Exception {
        Run missing = cli.run(cli.asTenant("posts", "get", "post_00000000000000000000000000"));
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("error: not_found: "), missing.err());

        Run json = cli.run(cli.asTenant("posts", "cancel", "post_00000000000000000000000000", "--output", "json"));
        assertEquals(1, json.exit());
        assertEquals(
                "not_found",
                JSON.readTree(json.err()).path("error").path("code").asText(),
                json.err());
        assertEquals("", json.out());
    }

    @Test
    void shouldExitFourWhenTheKeyIsRefused() throws Exception {
        String wrong = cli.tenant().apiKey().substring(0, cli.tenant().apiKey().length() - 8) + "AAAAAAAA";
        Run refused = cli.run(
                "accounts", "list", "--api-key", wrong, "--api-url", cli.stack().gatewayUrl());
        assertEquals(4, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("error: "), refused.err());

        Run login =
                cli.run("login", "--api-key", wrong, "--api-url", cli.stack().gatewayUrl());
        assertEquals(4, login.exit(), login.toString());
        assertTrue(Files.notExists(cli.work().resolve("home/.config/herald/config.json"))
                || !Files.readString(cli.work().resolve("home/.config/herald/config.json"))
                        .contains(wrong));
    }

    @Test
    void shouldImportMediaFromAUrlAndReportItReadyWhenAskedForItsStatus() throws Exception {
        String mediaId;
        try (ImageServer source = new ImageServer(Images.png(200, 100, Color.BLUE))) {
            JsonNode imported = cli.ok(
                            cli.asTenant("media", "import", source.url(), "--alt-text", "A banner", "--output", "json"))
                    .json();
            mediaId = imported.path("id").asText();
            assertTrue(mediaId.startsWith("med_"), imported.toString());
            assertEquals("import", imported.path("source").asText(), imported.toString());
            assertEquals("A banner", imported.path("alt_text").asText(), imported.toString());
        }

        // Processing is asynchronous: media status is asked again until the item is ready.
        JsonNode item = cli.awaitAnswer(
                answer -> !"processing".equals(answer.path("status").asText()),
                "media",
                "status",
                mediaId,
                "--output",
                "json");
        assertEquals("ready", item.path("status").asText(), item.toString());
        assertEquals(200, item.path("width").asInt(), item.toString());
        Run table = cli.ok(cli.asTenant("media", "status", mediaId));
        assertTrue(table.out().lines().anyMatch(l -> l.matches("status\\s+ready")), table.out());

        // A private address is refused by the SSRF guard: the API's 400, exit 1, nothing on stdout.
        Run refused = cli.run(cli.asTenant("media", "import", "http://10.0.0.1/banner.png"));
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().startsWith("error: address_not_allowed: "), refused.err());
        assertEquals("", refused.out());
    }

    @Test
    void shouldDrawTheUploadProgressBarToOneHundredPercentWhenForcedOnOutsideATerminal() throws Exception {
        Path image = cli.work().resolve("noise.png");
        Files.write(image, noise(800, 800));
        long size = Files.size(image);
        assertTrue(size > 1_000_000, "large enough to be sent in many pieces: " + size);

        // Output to files, not a terminal: no bar unless --progress asks for it.
        Run quiet = cli.ok(cli.asTenant("media", "upload", image.toString(), "--output", "json"));
        assertEquals("", quiet.err(), "no bar when stderr is not a terminal");
        assertTrue(quiet.json().path("id").asText().startsWith("med_"), quiet.out());

        Run shown = cli.ok(cli.asTenant("media", "upload", image.toString(), "--progress", "--output", "json"));
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
        String account = cli.tenant().connectSandboxAccount();
        JsonNode created = cli.ok(cli.asTenant(
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
        Run table = cli.ok(cli.asTenant("posts", "get", postId));
        assertTrue(
                table.out()
                        .lines()
                        .anyMatch(l -> l.startsWith(destination.path("id").asText())
                                && l.contains("failed")
                                && l.endsWith("sandbox_rejected")),
                table.out());

        JsonNode retried = cli.ok(cli.asTenant("posts", "retry", postId, "--output", "json"))
                .json();
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

        Run missing = cli.run(cli.asTenant("posts", "retry", "post_00000000000000000000000000"));
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("error: not_found: "), missing.err());
    }

    @Test
    void shouldShowAPublishedPostsMetricsWhenAskedForItsAnalytics() throws Exception {
        String account = cli.tenant().connectSandboxAccount();
        String postId = cli.ok(cli.asTenant(
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
                    Run run = cli.run(cli.asTenant("analytics", "post", postId, "--output", "json"));
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
        cli.tenant()
                .api()
                .post("/v1/analytics/posts/" + postId + "/refresh")
                .then()
                .statusCode(202);
        // Collected within the hour of publishing: the sandbox's base, 100 + floorMod(hashCode, 100).
        int impressions = 100 + Math.floorMod(platformPostId.hashCode(), 100);
        analytics[0] = cli.awaitAnswer(
                answer -> answer.at("/destinations/0/latest/impressions").isNumber(),
                "analytics",
                "post",
                postId,
                "--output",
                "json");
        JsonNode latest = analytics[0].path("destinations").get(0).path("latest");
        assertEquals(impressions, latest.path("impressions").asInt(), analytics[0].toString());
        assertEquals(postId, analytics[0].path("post_id").asText());

        Run table = cli.ok(cli.asTenant("analytics", "post", postId));
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

        Run missing = cli.run(cli.asTenant("analytics", "post", "post_00000000000000000000000000"));
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("error: not_found: "), missing.err());
    }

    /** Polls {@code posts get --output json} until the post satisfies {@code done}; returns that answer. */
    private static JsonNode awaitPost(String postId, Predicate<JsonNode> done) {
        return cli.awaitAnswer(done, "posts", "get", postId, "--output", "json");
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

    /** The {@code id} of each item of a list answer's {@code data}. */
    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("data").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
