package dev.herald.cli;

import java.lang.reflect.Constructor;

import dev.herald.cli.accounts.AccountsCommand;
import dev.herald.cli.analytics.AnalyticsCommand;
import dev.herald.cli.auth.LoginCommand;
import dev.herald.cli.auth.LogoutCommand;
import dev.herald.cli.auth.WhoamiCommand;
import dev.herald.cli.mcp.McpCommand;
import dev.herald.cli.media.MediaCommand;
import dev.herald.cli.posts.PostsCommand;
import dev.herald.cli.webhooks.WebhooksCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;

/** {@code herald}: the command-line client of the Herald API (docs/cli.md). */
@Command(
        name = "herald",
        mixinStandardHelpOptions = true,
        version = "herald-cli 0.1.0",
        description = "The Herald API from the command line. The local stack: ./herald up | down | status | logs.",
        subcommands = {
            LoginCommand.class,
            LogoutCommand.class,
            WhoamiCommand.class,
            PostsCommand.class,
            AccountsCommand.class,
            MediaCommand.class,
            WebhooksCommand.class,
            AnalyticsCommand.class,
            McpCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:the API refused the request (4xx other than 401); its code and message on stderr",
            "2:usage error (a wrong option or argument)",
            "3:the API is unreachable or failed (5xx)",
            "4:not logged in, or the API key was refused (401)"
        })
public final class HeraldCli {

    public static void main(String[] args) {
        System.exit(run(Context.system(), args));
    }

    /** Runs one command line with the given context; returns its exit code ({@link ExitCodes}). */
    public static int run(Context context, String... args) {
        return commandLine(context).execute(args);
    }

    public static CommandLine commandLine(Context context) {
        CommandLine cli = new CommandLine(HeraldCli.class, new ContextFactory(context));
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli;
    }

    /** Creates commands with the context when they take one (constructor injection), else as picocli does. */
    private record ContextFactory(Context context) implements IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(Context.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
