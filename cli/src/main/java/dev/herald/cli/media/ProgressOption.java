package dev.herald.cli.media;

import dev.herald.cli.Context;

import picocli.CommandLine.Option;

/** {@code --progress} / {@code --no-progress}: the upload progress bar on stderr, by default only in a terminal. */
public final class ProgressOption {

    @Option(
            names = "--progress",
            negatable = true,
            description = "Show the upload progress bar on stderr (--no-progress: never). Default: only in a terminal.")
    Boolean progress;

    /** Whether to draw the bar: as asked, else when the user sits at a terminal (a script's log stays clean). */
    public boolean shown(Context context) {
        return progress != null ? progress : context.interactive();
    }
}
