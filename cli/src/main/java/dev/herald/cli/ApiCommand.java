package dev.herald.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.api.NotLoggedInException;
import dev.herald.cli.config.CliConfig;
import dev.herald.cli.output.Printer;

import picocli.CommandLine.Mixin;

/** A command that calls the API: finds the key and URL (option, environment, stored login) and prints the answer. */
public abstract class ApiCommand implements Callable<Integer> {

    public static final String DEFAULT_API_URL = "http://localhost:8080";

    protected final Context context;

    @Mixin
    protected GlobalOptions global;

    protected ApiCommand(Context context) {
        this.context = context;
    }

    /** Does the command's work; an exception becomes its exit code in {@link HeraldCli}. */
    protected abstract void run();

    @Override
    public Integer call() {
        run();
        return ExitCodes.OK;
    }

    public GlobalOptions global() {
        return global;
    }

    public Printer printer() {
        return new Printer(context.out(), global.output());
    }

    /** The API with the key and URL in force; {@link NotLoggedInException} without a key. */
    protected HeraldApi api() {
        String key = apiKey().orElseThrow(NotLoggedInException::new);
        return new HeraldApi(apiUrl(), key);
    }

    protected Optional<String> apiKey() {
        return first(
                global.apiKey,
                context.env().get("HERALD_API_KEY"),
                stored().map(CliConfig::apiKey).orElse(null));
    }

    protected String apiUrl() {
        return first(
                        global.apiUrl,
                        context.env().get("HERALD_API_URL"),
                        stored().map(CliConfig::apiUrl).orElse(null))
                .orElse(DEFAULT_API_URL);
    }

    protected Optional<CliConfig> stored() {
        return CliConfig.load(context.configFile());
    }

    private static Optional<String> first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }
}
