package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.herald.testsupport.HeraldPaths;

/**
 * The verification snippets of {@code docs/webhooks.md}, as printed there, run against the Standard Webhooks
 * known-answer vector and its broken variants, so the page cannot show code that does not work: Java with the JDK's
 * compiler, Go, Node.js and Python with their own toolchains (each skipped when it is not installed).
 */
class WebhookSignatureDocTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final long SIGNED_AT = 1614265330L;

    /** One check: the signature header and body received, the receiver's clock, and whether to accept. */
    record Case(String why, String signatureHeader, String body, long now, boolean accepted) {}

    private static final List<Case> CASES = List.of(
            new Case("the known answer", SIGNATURE, BODY, SIGNED_AT, true),
            // During a rotation the header carries two signatures: one matching entry is enough.
            new Case("one matching entry of two", "v1,bm90IHRoZSBvbGQgb25l " + SIGNATURE, BODY, SIGNED_AT, true),
            new Case("a changed body", SIGNATURE, "{\"test\": 2432232315}", SIGNED_AT, false),
            new Case("a cut signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE", BODY, SIGNED_AT, false),
            new Case("another scheme's entry", "v2," + SIGNATURE.substring(3), BODY, SIGNED_AT, false),
            new Case("a replay after 5 minutes", SIGNATURE, BODY, SIGNED_AT + 301, false),
            new Case("5 minutes of clock skew", SIGNATURE, BODY, SIGNED_AT - 300, true));

    private static String section;

    @BeforeAll
    static void readThePage() throws IOException {
        String page = Files.readString(HeraldPaths.root().resolve("docs/webhooks.md"));
        section = page.substring(page.indexOf("## Verifying a signature"));
    }

    /** The first fenced block of {@code language} under "Verifying a signature", as printed. */
    private static String snippet(String language) {
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(section);
        assertTrue(block.find(), "docs/webhooks.md has no " + language + " block under 'Verifying a signature'");
        return block.group(1);
    }

    @Test
    void shouldAcceptTheKnownAnswerAndRefuseTheBrokenOnesWhenTheJavaSnippetVerifies() throws Exception {
        List<String> lines = snippet("java").lines().toList();
        String imports = lines.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        String code = lines.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));

        Path dir = Files.createTempDirectory("webhook-snippet");
        Path source = dir.resolve("Snippet.java");
        Files.writeString(source, imports + "\npublic class Snippet {\n" + code + "\n}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "a JDK (not a JRE) runs the tests");
        StringWriter errors = new StringWriter();
        boolean compiled = compiler.getTask(
                        errors,
                        null,
                        null,
                        List.of("-d", dir.toString()),
                        null,
                        compiler.getStandardFileManager(null, null, null).getJavaFileObjects(source))
                .call();
        assertTrue(compiled, "the snippet does not compile:\n" + errors);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()})) {
            Method verify = loader.loadClass("Snippet")
                    .getDeclaredMethod(
                            "verifyHerald",
                            String.class,
                            String.class,
                            String.class,
                            String.class,
                            String.class,
                            Instant.class);
            verify.setAccessible(true);
            List<Boolean> answers = new ArrayList<>();
            for (Case c : CASES) {
                answers.add((boolean) verify.invoke(
                        null, SECRET, ID, TIMESTAMP, c.signatureHeader(), c.body(), Instant.ofEpochSecond(c.now())));
            }
            assertEquals(expected(), answers, "per case: " + whys());
        }
    }

    @Test
    void shouldAcceptTheKnownAnswerAndRefuseTheBrokenOnesWhenTheGoSnippetVerifies() throws Exception {
        Path go = onPath("go");
        Path dir = Files.createTempDirectory("webhook-snippet-go");
        Files.writeString(dir.resolve("snippet.go"), "package main\n\n" + snippet("go"));
        // The snippet's imports are its own file's: the harness imports what it needs in another file.
        Files.writeString(dir.resolve("harness.go"), """
                package main

                import (
                	"fmt"
                	"net/http"
                	"os"
                	"strconv"
                	"time"
                )

                func main() {
                	args := os.Args[1:]
                	for i := 0; i+3 < len(args); i += 4 {
                		h := http.Header{}
                		h.Set("webhook-id", args[i])
                		h.Set("webhook-timestamp", "%s")
                		h.Set("webhook-signature", args[i+1])
                		now, _ := strconv.ParseInt(args[i+3], 10, 64)
                		fmt.Println(VerifyHerald("%s", h, []byte(args[i+2]), time.Unix(now, 0)))
                	}
                }
                """.formatted(TIMESTAMP, SECRET));
        Path target = HeraldPaths.root().resolve("system-tests/target");
        // Go's build cache lives in target/ (kept between runs; HOME may be unset under a build tool).
        List<String> command = new ArrayList<>(List.of(go.toString(), "run", "snippet.go", "harness.go"));
        for (Case c : CASES) {
            command.addAll(List.of(ID, c.signatureHeader(), c.body(), Long.toString(c.now())));
        }
        assertEquals(
                expected(),
                answers(run(
                        dir,
                        Map.of(
                                "GOCACHE", target.resolve("go-cache").toString(),
                                "GOPATH", target.resolve("go-path").toString(),
                                "GOFLAGS", ""),
                        command)),
                "per case: " + whys());
    }

    @Test
    void shouldAcceptTheKnownAnswerAndRefuseTheBrokenOnesWhenTheNodeSnippetVerifies() throws Exception {
        Path node = onPath("node");
        Path dir = Files.createTempDirectory("webhook-snippet-node");
        // The snippet reads the clock with Date.now(): each case sets it first.
        Files.writeString(dir.resolve("check.js"), snippet("js") + """

                        const args = process.argv.slice(2);
                        for (let i = 0; i + 2 < args.length; i += 3) {
                          Date.now = () => Number(args[i + 2]) * 1000;
                          const headers = {"webhook-id": "%s", "webhook-timestamp": "%s", "webhook-signature": args[i]};
                          console.log(verifyHerald("%s", headers, args[i + 1]));
                        }
                        """.formatted(ID, TIMESTAMP, SECRET));
        List<String> command = new ArrayList<>(List.of(node.toString(), "check.js"));
        CASES.forEach(c -> command.addAll(List.of(c.signatureHeader(), c.body(), Long.toString(c.now()))));
        assertEquals(expected(), answers(run(dir, Map.of(), command)), "per case: " + whys());
    }

    @Test
    void shouldAcceptTheKnownAnswerAndRefuseTheBrokenOnesWhenThePythonSnippetVerifies() throws Exception {
        Path python = onPath("python3");
        Path dir = Files.createTempDirectory("webhook-snippet-python");
        // The snippet reads the clock with time.time(): each case sets it first.
        Files.writeString(dir.resolve("check.py"), snippet("python") + """

                        import sys

                        args = sys.argv[1:]
                        for i in range(0, len(args) - 2, 3):
                            now = float(args[i + 2])
                            time.time = lambda: now
                            headers = {"webhook-id": "%s", "webhook-timestamp": "%s", "webhook-signature": args[i]}
                            print(str(verify_herald("%s", headers, args[i + 1].encode())).lower())
                        """.formatted(ID, TIMESTAMP, SECRET));
        List<String> command = new ArrayList<>(List.of(python.toString(), "check.py"));
        CASES.forEach(c -> command.addAll(List.of(c.signatureHeader(), c.body(), Long.toString(c.now()))));
        assertEquals(expected(), answers(run(dir, Map.of(), command)), "per case: " + whys());
    }

    private static List<Boolean> expected() {
        return CASES.stream().map(Case::accepted).toList();
    }

    private static List<String> whys() {
        return CASES.stream().map(Case::why).toList();
    }

    /** The printed {@code true}/{@code false} lines, one per case. */
    private static List<Boolean> answers(String output) {
        return output.lines().map(String::strip).map(Boolean::parseBoolean).toList();
    }

    /** The tool's path; the test is skipped (not failed) where it is not installed. */
    private static Path onPath(String tool) {
        Path found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        assumeTrue(found != null, tool + " is not on the PATH (Go: tools/go/install.sh)");
        return found;
    }

    /** Runs the command in {@code dir}; fails with its output unless it exits 0; returns its stdout. */
    private static String run(Path dir, Map<String, String> environment, List<String> command) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command.get(0) + " did not finish in 180 s:\n" + Files.readString(err));
        }
        assertEquals(0, process.exitValue(), command.get(0) + " failed:\n" + Files.readString(err));
        return Files.readString(out);
    }
}
