package dev.herald.cli.auth;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.Context;

import picocli.CommandLine.Command;

/** {@code GET /v1/me}: the workspace, key, mode and scopes in force. */
@Command(name = "whoami", description = "Show the workspace, key, mode and scopes of the API key in force.")
public final class WhoamiCommand extends ApiCommand {

    WhoamiCommand(Context context) {
        super(context);
    }

    @Override
    protected void run() {
        printer().object(api().get("/v1/me"));
    }
}
