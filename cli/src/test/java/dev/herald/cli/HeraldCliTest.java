package dev.herald.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.posts.PostCreateCommand;

import picocli.CommandLine;

class HeraldCliTest {

    @TempDir
    Path home;

    private Cli cli(Map<String, String> env) {
        return new Cli(env, home.resolve("herald/config.json"), ZoneId.of("Europe/Berlin"));
    }

    @Test
    void shouldExitWithUsageErrorWhenARequiredOptionIsMissing() {
        Cli cli = cli(Map.of());
        assertEquals(ExitCodes.USAGE, cli.run("posts", "create", "--account", "acct_1"));
        assertTrue(cli.err().contains("Missing required option: '--caption"), cli.err());
    }

    @Test
    void shouldExitWithUsageErrorWhenAnOptionIsUnknownOrAnOutputFormatIsWrong() {
        assertEquals(ExitCodes.USAGE, cli(Map.of()).run("posts", "list", "--colour"));
        assertEquals(ExitCodes.USAGE, cli(Map.of()).run("posts", "list", "--output", "yaml"));
        assertEquals(ExitCodes.USAGE, cli(Map.of()).run("posts"));
        assertEquals(ExitCodes.USAGE, cli(Map.of()).run("frobnicate"));
    }

    @Test
    void shouldExitWithUsageErrorBeforeAnyCallWhenTheTimeZoneIsNotIana() {
        // No key and no server: a usage error must win, as nothing would be sent anyway.
        Cli cli = cli(Map.of());
        assertEquals(
                ExitCodes.USAGE,
                cli.run("posts", "create", "--caption", "x", "--at", "2026-12-01 09:00", "--tz", "Europe/Berln"));
        assertTrue(cli.err().contains("not an IANA time zone"), cli.err());
    }

    @Test
    void shouldExitWithUsageErrorWhenAMediaFileDoesNotExist() {
        Cli cli = cli(Map.of("HERALD_API_KEY", "hk_test_x"));
        assertEquals(
                ExitCodes.USAGE,
                cli.run(
                        "posts",
                        "create",
                        "--caption",
                        "x",
                        "--media",
                        home.resolve("missing.jpg").toString()));
        assertTrue(cli.err().contains("file_not_found"), cli.err());
    }

    @Test
    void shouldExitWithUsageErrorWhenReplayNamesNeitherOrBothOfSinceAndDelivery() {
        // A key but no server: the usage error comes before any call.
        Map<String, String> env = Map.of("HERALD_API_KEY", "hk_test_x", "HERALD_API_URL", "http://127.0.0.1:9");
        Cli neither = cli(env);
        assertEquals(ExitCodes.USAGE, neither.run("webhooks", "replay", "whep_1"));
        assertTrue(neither.err().contains("Missing required argument"), neither.err());
        Cli both = cli(env);
        assertEquals(
                ExitCodes.USAGE,
                both.run("webhooks", "replay", "whep_1", "--since", "2026-11-26T08:00:00Z", "--delivery", "whdl_1"));
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    void shouldExitNotLoggedInWhenNoKeyIsGivenStoredOrInTheEnvironment() {
        Cli cli = cli(Map.of());
        assertEquals(ExitCodes.NOT_LOGGED_IN, cli.run("whoami"));
        assertTrue(cli.err().contains("not_logged_in"), cli.err());
    }

    @Test
    void shouldExitWithNetworkErrorAndJsonOnStderrWhenTheApiIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli cli = cli(Map.of("HERALD_API_KEY", "hk_test_x", "HERALD_API_URL", "http://127.0.0.1:" + closedPort));
        assertEquals(ExitCodes.NETWORK, cli.run("accounts", "list", "--output", "json"));
        JsonNode error = HeraldApi.JSON.readTree(cli.err());
        assertEquals("unreachable", error.path("error").path("code").asText());
        assertEquals("", cli.out());
    }

    @Test
    void shouldBuildTheCreateBodyTheApiExpectsWhenEveryOptionIsGiven() {
        CommandLine line = HeraldCli.commandLine(cli(Map.of()).context());
        line.parseArgs(
                "posts",
                "create",
                "--caption",
                "Hello",
                "--account",
                "acct_1",
                "--account",
                "acct_2",
                "--platform",
                "x",
                "--draft",
                "--queue",
                "que_1");
        PostCreateCommand create = line.getSubcommands()
                .get("posts")
                .getSubcommands()
                .get("create")
                .getCommand();
        Map<String, Object> body = create.body(
                dev.herald.cli.posts.Schedule.of("2026-12-01 09:00", "America/New_York", ZoneId.of("UTC")),
                List.of("med_1"));
        assertEquals(
                Map.of(
                        "caption", "Hello",
                        "account_ids", List.of("acct_1", "acct_2"),
                        "platforms", List.of("x"),
                        "scheduled_at", "2026-12-01T09:00:00",
                        "timezone", "America/New_York",
                        "queue_id", "que_1",
                        "mode", "draft",
                        "media_ids", List.of("med_1")),
                body);
    }

    @Test
    void shouldLeaveAbsentOptionsOutOfTheCreateBody() {
        CommandLine line = HeraldCli.commandLine(cli(Map.of()).context());
        line.parseArgs("posts", "create", "--caption", "Now");
        PostCreateCommand create = line.getSubcommands()
                .get("posts")
                .getSubcommands()
                .get("create")
                .getCommand();
        assertEquals(
                Map.of("caption", "Now"),
                create.body(dev.herald.cli.posts.Schedule.of(null, null, ZoneId.of("UTC")), List.of()));
    }

    @Test
    void shouldListEveryExitCodeInTheHelp() {
        Cli cli = cli(Map.of());
        assertEquals(ExitCodes.OK, cli.run("--help"));
        for (String code : List.of("0", "1", "2", "3", "4")) {
            assertTrue(cli.out().lines().anyMatch(l -> l.strip().startsWith(code + " ")), cli.out());
        }
    }
}
