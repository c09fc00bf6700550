package dev.herald.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node.js tools of the SDK tests (npm scripts, node scripts) installed by tools/sdk/install.sh. Node is
 * optional on a build machine: {@link #missing} says why a test must skip.
 */
final class NodeTool {

    /** What a command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {}

    private NodeTool() {}

    /**
     * Why the tools in {@code dir} cannot run, or empty: node or npm absent, or a package of {@code packages} not
     * installed in {@code dir/node_modules}.
     */
    static Optional<String> missing(Path dir, String... packages) {
        for (String tool : List.of("node", "npm")) {
            if (!onPath(tool)) {
                return Optional.of(tool + " is not on the PATH");
            }
        }
        for (String name : packages) {
            if (!Files.exists(dir.resolve("node_modules").resolve(name).resolve("package.json"))) {
                return Optional.of(name + " is not installed in " + dir + " (run tools/sdk/install.sh)");
            }
        }
        return Optional.empty();
    }

    static Result run(Path dir, Map<String, String> environment, Duration timeout, String... command) {
        try {
            Path log = Files.createTempFile("herald-node-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    return new Result(-1, "timed out after " + timeout + ":\n" + Files.readString(log));
                }
                return new Result(process.exitValue(), Files.readString(log));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String tool) {
        List<String> dirs = new ArrayList<>(
                List.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)));
        return dirs.stream().anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }
}
