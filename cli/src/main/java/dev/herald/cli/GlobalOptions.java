package dev.herald.cli;

import dev.herald.cli.output.OutputFormat;

import picocli.CommandLine.Option;

/** The options every command takes: where the API is, which key, and how to print. */
public final class GlobalOptions {

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "table or json (json: the API's answer as it came). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description = "The gateway, e.g. http://localhost:8080 (else HERALD_API_URL, the stored login, or that).")
    String apiUrl;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "An API key hk_live_… or hk_test_… (else HERALD_API_KEY, or the stored login).")
    String apiKey;

    /** {@code --api-key} as given; null without it. */
    public String apiKey() {
        return apiKey;
    }

    public OutputFormat output() {
        return output == null ? OutputFormat.table : output;
    }
}
