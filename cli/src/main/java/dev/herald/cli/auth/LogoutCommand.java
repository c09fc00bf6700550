package dev.herald.cli.auth;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.Context;
import dev.herald.cli.config.CliConfig;

import picocli.CommandLine.Command;

/** Deletes the stored login. */
@Command(name = "logout", description = "Forget the stored API key (HERALD_API_KEY, if set, still applies).")
public final class LogoutCommand extends ApiCommand {

    LogoutCommand(Context context) {
        super(context);
    }

    @Override
    protected void run() {
        boolean existed = CliConfig.delete(context.configFile());
        printer().note(existed ? "Logged out (" + context.configFile() + " deleted)." : "Not logged in.");
    }
}
