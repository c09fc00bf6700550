package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.herald.testsupport.HeraldPaths;

/**
 * The Java verification snippet of {@code docs/webhooks.md}, as printed there: compiled with the JDK's compiler and
 * run against the Standard Webhooks known-answer vector, so the page cannot show code that does not work.
 */
class WebhookSignatureDocTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(1614265330);

    private static Method verify;

    @BeforeAll
    static void compileTheSnippet() throws Exception {
        String page = Files.readString(HeraldPaths.root().resolve("docs/webhooks.md"));
        String section = page.substring(page.indexOf("## Verifying a signature"));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(block.find(), "docs/webhooks.md has no java block under 'Verifying a signature'");
        List<String> lines = block.group(1).lines().toList();
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
        Class<?> snippet = new URLClassLoader(new URL[] {dir.toUri().toURL()}).loadClass("Snippet");
        verify = snippet.getDeclaredMethod(
                "verifyHerald", String.class, String.class, String.class, String.class, String.class, Instant.class);
        verify.setAccessible(true);
    }

    private static boolean verify(String signatureHeader, String body, Instant now) throws Exception {
        return (boolean) verify.invoke(null, SECRET, ID, TIMESTAMP, signatureHeader, body, now);
    }

    @Test
    void shouldAcceptTheKnownAnswerWhenTheDocsSnippetVerifiesIt() throws Exception {
        assertTrue(verify(SIGNATURE, BODY, SIGNED_AT));
        // During a rotation the header carries two signatures: one matching entry is enough.
        assertTrue(verify("v1,bm90IHRoZSBvbGQgb25l " + SIGNATURE, BODY, SIGNED_AT));
    }

    @Test
    void shouldRefuseWhenTheBodyTheSignatureOrTheTimeIsWrong() throws Exception {
        assertFalse(verify(SIGNATURE, "{\"test\": 2432232315}", SIGNED_AT), "a changed body");
        assertFalse(verify("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE", BODY, SIGNED_AT), "a cut signature");
        assertFalse(verify("v2," + SIGNATURE.substring(3), BODY, SIGNED_AT), "another scheme's entry");
        assertFalse(verify(SIGNATURE, BODY, SIGNED_AT.plusSeconds(301)), "a replay after 5 minutes");
        assertEquals(true, verify(SIGNATURE, BODY, SIGNED_AT.minusSeconds(300)), "5 minutes of clock skew are fine");
    }
}
