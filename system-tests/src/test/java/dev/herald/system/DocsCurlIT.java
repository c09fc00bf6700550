package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.herald.testsupport.FreePorts;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * Every {@code curl} of the documentation, run against a real stack: each fenced {@code bash}/{@code sh} block of
 * {@code README.md} and {@code docs/*.md} that mentions curl runs, a file's blocks in order, in one
 * {@code bash -euo pipefail} session per file with a fresh test-mode workspace — so a doc whose example stopped
 * working fails the build instead of a newcomer. A block whose first line is {@code # not-run: <reason>} is skipped
 * and counted.
 */
class DocsCurlIT {

    private static final String ADMIN_TOKEN = "docs-test-" + UUID.randomUUID();
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([A-Za-z0-9_+-]*).*$");
    private static final Pattern CURL = Pattern.compile("\\bcurl\\b");
    private static final String NOT_RUN = "# not-run:";
    private static final long FILE_TIMEOUT_SECONDS = 240;

    private static HeraldStack stack;
    private static Path work;

    /** One runnable or skipped example: where it is, its text, and why it is skipped (null when it runs). */
    record Block(Path file, int line, int index, String text, String skipReason) {

        String where() {
            return HeraldPaths.root().relativize(file) + " block " + index + " (line " + line + ")";
        }
    }

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/jq")) || onPath("jq"),
                "jq is not installed: the documentation's examples read JSON with it, so they are not run here");
        work = HeraldPaths.root().resolve("system-tests/target/docs-" + System.currentTimeMillis());
        Files.createDirectories(work);
        HeraldStack.Options tests = HeraldStack.Options.forTests(work.resolve("stack"), ADMIN_TOKEN);
        // The limits ./herald up uses (600 a minute), so the rate-limit headers the docs show are the local stack's.
        stack = HeraldStack.start(new HeraldStack.Options(
                tests.dataDir(),
                tests.durable(),
                tests.fresh(),
                tests.basePort(),
                FreePorts.next(),
                FreePorts.next(),
                ADMIN_TOKEN,
                true,
                600,
                tests.javaOptions()));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldRunEveryCurlOfTheDocumentationWhenTheStackIsUp() throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(HeraldPaths.root().resolve("README.md"));
        try (Stream<Path> docs = Files.list(HeraldPaths.root().resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .forEach(files::add);
        }
        int run = 0;
        int passed = 0;
        List<String> skipped = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            List<Block> blocks = curlBlocks(file);
            List<Block> runnable = new ArrayList<>();
            for (Block block : blocks) {
                if (block.skipReason() == null) {
                    runnable.add(block);
                } else {
                    skipped.add(block.where() + ": " + block.skipReason());
                }
            }
            if (runnable.isEmpty()) {
                continue;
            }
            FileRun result = runFile(file, runnable);
            run += result.ran();
            passed += result.passed();
            if (result.failure() != null) {
                failures.add(result.failure());
            }
        }
        skipped.forEach(reason -> System.out.println("skipped " + reason));
        System.out.println("docs curls: " + run + " run, " + passed + " passed, " + skipped.size() + " skipped");
        assertTrue(run > 0, "no runnable curl block found in README.md and docs/*.md");
        if (!failures.isEmpty()) {
            fail(String.join("\n\n", failures));
        }
    }

    /** The fenced bash/sh blocks of a Markdown file that mention curl, in order. */
    static List<Block> curlBlocks(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            var open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String language = open.group(1);
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            i = end;
            if (!language.equals("bash") && !language.equals("sh")) {
                continue;
            }
            String text = String.join("\n", lines.subList(start, Math.min(end, lines.size())));
            if (!CURL.matcher(text).find()) {
                continue;
            }
            String first = text.strip().lines().findFirst().orElse("");
            String skip = first.startsWith(NOT_RUN)
                    ? first.substring(NOT_RUN.length()).strip()
                    : null;
            blocks.add(new Block(file, start, blocks.size() + 1, text, skip));
        }
        return blocks;
    }

    /** What running a file's blocks gave: how many ran, how many passed, and the failure (null when none). */
    record FileRun(int ran, int passed, String failure) {}

    /** Runs a file's blocks in one bash session, in a folder of its own holding the .herald/env ./herald up writes. */
    private static FileRun runFile(Path file, List<Block> blocks) throws Exception {
        String name = file.getFileName().toString().replace(".md", "");
        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "Docs " + name);
        String account = tenant.connectSandboxAccount();
        Path dir = work.resolve(name);
        Files.createDirectories(dir.resolve(".herald"));
        Files.writeString(
                dir.resolve(".herald/env"),
                "export HERALD_URL=" + stack.gatewayUrl() + "\n"
                        + "export HERALD_API_KEY=" + tenant.apiKey() + "\n"
                        + "export HERALD_SANDBOX_ACCOUNT_ID=" + account + "\n"
                        + "export HERALD_WORKSPACE_ID=" + tenant.workspaceId() + "\n");
        // Whatever an example starts in the background (a receiver) ends with the session.
        StringBuilder script =
                new StringBuilder("set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n");
        for (Block block : blocks) {
            Path part = dir.resolve("block-" + block.index() + ".sh");
            Files.writeString(part, block.text() + "\n");
            script.append("source ").append(part).append('\n');
            // Into a file of its own: a block's output need not end with a newline.
            script.append("echo ")
                    .append(block.index())
                    .append(" >> ")
                    .append(dir.resolve("passed.txt"))
                    .append('\n');
        }
        Path session = dir.resolve("session.sh");
        Files.writeString(session, script.toString());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", session.toString())
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("HERALD_"));
        builder.environment().put("HERALD_URL", stack.gatewayUrl());
        builder.environment().put("HERALD_API_KEY", tenant.apiKey());
        Process process = builder.start();
        boolean finished = process.waitFor(FILE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        List<String> output = Files.readAllLines(out);
        Path marks = dir.resolve("passed.txt");
        int passed = Files.exists(marks) ? Files.readAllLines(marks).size() : 0;
        if (finished && process.exitValue() == 0 && passed == blocks.size()) {
            return new FileRun(blocks.size(), passed, null);
        }
        Block failed = blocks.get(Math.min(passed, blocks.size() - 1));
        String why = finished ? "exit " + process.exitValue() : "no end within " + FILE_TIMEOUT_SECONDS + " s";
        String failure = failed.where() + " failed (" + why + "); blocks after it were not run.\n--- block\n"
                + failed.text() + "\n--- stdout (tail)\n" + tail(output) + "\n--- stderr (tail)\n"
                + tail(Files.readAllLines(err));
        return new FileRun(passed + 1, passed, failure);
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
