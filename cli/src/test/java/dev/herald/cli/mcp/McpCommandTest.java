package dev.herald.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.cli.Cli;
import dev.herald.cli.ExitCodes;

/** {@code herald mcp} before it serves: the key it needs. The protocol itself is exercised by the system test McpIT. */
class McpCommandTest {

    @TempDir
    Path home;

    @Test
    void shouldExitNotLoggedInBeforeServingWhenThereIsNoKey() {
        Cli cli = new Cli(Map.of(), home.resolve("herald/config.json"), ZoneId.of("UTC"));

        assertEquals(ExitCodes.NOT_LOGGED_IN, cli.run("mcp"));
        assertTrue(cli.err().contains("login"), cli.err());
    }
}
