package dev.herald.cli.auth;

import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.CliFailure;
import dev.herald.cli.Context;
import dev.herald.cli.ExitCodes;
import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.config.CliConfig;

import picocli.CommandLine.Command;

/** Checks an API key with {@code GET /v1/me} and stores it with the base URL (0600). */
@Command(
        name = "login",
        description =
                "Store an API key (checked with GET /v1/me) in ~/.config/herald/config.json, readable only by you.")
public final class LoginCommand extends ApiCommand {

    LoginCommand(Context context) {
        super(context);
    }

    @Override
    protected void run() {
        String key = global.apiKey() != null ? global.apiKey().strip() : fromEnvOrPrompt();
        if (key.isEmpty()) {
            throw new CliFailure("api_key_required", "no API key given", ExitCodes.USAGE);
        }
        String url = apiUrl();
        // The key is stored only once the API accepted it: a typo is a 401 here, not a broken login later.
        JsonNode me = new HeraldApi(url, key).get("/v1/me");
        new CliConfig(url, key).save(context.configFile());
        if (printer().json()) {
            printer().printJson(me);
        } else {
            context.out()
                    .printf(
                            "Logged in to %s: workspace %s (%s mode). Saved in %s%n",
                            url,
                            me.path("workspace_id").asText(),
                            me.path("mode").asText(),
                            context.configFile());
            context.out().flush();
        }
    }

    private String fromEnvOrPrompt() {
        String fromEnv = context.env().get("HERALD_API_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        Console console = System.console();
        if (context.interactive() && console != null) {
            char[] typed = console.readPassword("API key (hk_live_… or hk_test_…): ");
            return typed == null ? "" : new String(typed).strip();
        }
        try {
            String line = context.in().readLine();
            return line == null ? "" : line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
