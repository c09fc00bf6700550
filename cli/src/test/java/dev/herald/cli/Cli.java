package dev.herald.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

/** Runs the real command line in this JVM with its own environment, config file and captured streams. */
public final class Cli {

    private final Map<String, String> env;
    private final Path configFile;
    private final ZoneId zone;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    public Cli(Map<String, String> env, Path configFile, ZoneId zone) {
        this.env = env;
        this.configFile = configFile;
        this.zone = zone;
    }

    public Context context() {
        return new Context(
                env,
                configFile,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new BufferedReader(new StringReader("")),
                false,
                Clock.system(zone));
    }

    public int run(String... args) {
        return HeraldCli.run(context(), args);
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }
}
