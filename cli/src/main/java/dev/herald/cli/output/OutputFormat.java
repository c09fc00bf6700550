package dev.herald.cli.output;

/** {@code --output}: a table for people, or the API's JSON as it came for scripts. */
public enum OutputFormat {
    table,
    json
}
