package dev.herald.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may touch outside itself: the environment, the config file, the streams and the clock. Passed in so
 * that tests run the real commands with their own values instead of the process's.
 */
public record Context(
        Map<String, String> env,
        Path configFile,
        PrintWriter out,
        PrintWriter err,
        BufferedReader in,
        boolean interactive,
        Clock clock) {

    /** The process's own environment and streams; the config file as {@link #defaultConfigFile} finds it. */
    public static Context system() {
        Map<String, String> env = System.getenv();
        return new Context(
                env,
                defaultConfigFile(env, System.getProperty("user.home")),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                // Java cannot ask whether stderr alone is a terminal; a console means the user sits at one.
                System.console() != null,
                // The machine's zone: a local --at without --tz is read in it.
                Clock.systemDefaultZone());
    }

    /** {@code HERALD_CONFIG}, else {@code $XDG_CONFIG_HOME/herald/config.json}, else {@code ~/.config/herald/…}. */
    public static Path defaultConfigFile(Map<String, String> env, String userHome) {
        String explicit = env.get("HERALD_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".config");
        return base.resolve("herald").resolve("config.json");
    }
}
