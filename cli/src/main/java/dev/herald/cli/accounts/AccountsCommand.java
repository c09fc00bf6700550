package dev.herald.cli.accounts;

import java.util.List;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.Context;
import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.output.Column;
import dev.herald.cli.output.Pages;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code herald accounts list}. */
@Command(
        name = "accounts",
        description = "Connected social accounts.",
        subcommands = AccountsCommand.ListAccounts.class)
public final class AccountsCommand {

    @Command(name = "list", description = "The workspace's accounts of the key's mode, oldest first.")
    static final class ListAccounts extends ApiCommand {

        private static final List<Column> COLUMNS = List.of(
                Column.of("ID", "/id"),
                Column.of("PLATFORM", "/platform"),
                Column.of("HANDLE", "/handle"),
                Column.of("STATUS", "/status"),
                Column.of("MODE", "/mode"),
                Column.of("CONNECTED_AT", "/connected_at"));

        @Option(names = "--platform", description = "Only this platform's accounts.")
        String platform;

        @Option(names = "--status", description = "connected, expired, revoked or error")
        String status;

        @Mixin
        Pages pages;

        ListAccounts(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            printer()
                    .list(
                            pages.fetch(
                                    api(), "/v1/accounts", HeraldApi.params("platform", platform, "status", status)),
                            COLUMNS);
        }
    }
}
