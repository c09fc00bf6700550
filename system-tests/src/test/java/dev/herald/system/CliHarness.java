package dev.herald.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * The packaged CLI ({@code java -jar cli/target/herald-cli.jar}, as {@code ./herald} runs it) against the real gateway
 * of a stack of its own, with a tenant on it: a test class registers one ({@code @RegisterExtension}), which starts
 * the stack before its tests and stops it after them.
 */
final class CliHarness implements BeforeAllCallback, AfterAllCallback {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What one run of the CLI left: its exit code and its two streams. */
    record Run(int exit, String out, String err) {

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    private Path jar;
    private Path work;
    private HeraldStack stack;
    private Tenant tenant;

    /** Starts a stack in a new folder under {@code system-tests/target} and provisions the tenant the CLI acts as. */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        jar = HeraldPaths.root().resolve("cli/target/herald-cli.jar");
        assertTrue(Files.isRegularFile(jar), "build the CLI first: ./mvnw -pl cli package (" + jar + ")");
        work = HeraldPaths.root().resolve("system-tests/target/cli-" + System.currentTimeMillis());
        Files.createDirectories(work.resolve("home"));
        String adminToken = "cli-test-" + UUID.randomUUID();
        stack = HeraldStack.create(HeraldStack.Options.forTests(work.resolve("stack"), adminToken));
        // media import fetches from a server of this test on loopback: allowed for this stack only (never by default).
        stack.environment("media-service", "HERALD_MEDIA_IMPORT_ALLOW_LOOPBACK", "true");
        stack.startAll();
        tenant = Tenant.provision(stack, adminToken, "CLI");
    }

    /** JUnit calls this even when {@link #beforeAll} failed half-way: the services started so far are stopped. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null) {
            stack.close();
        }
    }

    HeraldStack stack() {
        return stack;
    }

    Tenant tenant() {
        return tenant;
    }

    /** This harness's folder: the CLI's HOME is {@code home/} in it, and each run's streams are kept in it. */
    Path work() {
        return work;
    }

    /** The CLI as a new process with its own HOME (so its own ~/.config/herald) and no HERALD_* from this JVM. */
    ProcessBuilder process(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + work.resolve("home"),
                "-jar",
                jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_") || name.equals("XDG_CONFIG_HOME"));
        builder.environment().put("HOME", work.resolve("home").toString());
        return builder;
    }

    Run run(String... args) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = process(List.of(args))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the CLI did not finish: " + List.of(args));
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    Run ok(String... args) throws Exception {
        Run run = run(args);
        assertEquals(0, run.exit(), () -> List.of(args) + " -> " + run);
        return run;
    }

    /** {@code args} with the tenant's key and the gateway, as a script passes them without a stored login. */
    String[] asTenant(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api-key", tenant.apiKey(), "--api-url", stack.gatewayUrl()));
        return all.toArray(String[]::new);
    }

    /** Runs a CLI command as the tenant (exit 0, JSON out) every half second until its answer satisfies {@code done}. */
    JsonNode awaitAnswer(Predicate<JsonNode> done, String... args) {
        JsonNode[] answer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    answer[0] = ok(asTenant(args)).json();
                    return done.test(answer[0]);
                });
        return answer[0];
    }
}
