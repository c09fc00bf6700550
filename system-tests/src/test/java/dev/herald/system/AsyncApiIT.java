package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldPaths;

/**
 * docs/asyncapi.yaml is a valid AsyncAPI 3 document for the official parser (@asyncapi/parser, run by
 * tools/sdk/validate-asyncapi.mjs) with a channel for every topic. Skips where node or the parser
 * (tools/sdk/install.sh) is absent. The payloads against the event records: the events module's AsyncApiDocumentTest.
 */
class AsyncApiIT {

    private static final Path TOOLS = HeraldPaths.root().resolve("tools/sdk");
    private static final Path DOCUMENT = HeraldPaths.root().resolve("docs/asyncapi.yaml");

    @BeforeAll
    static void tools() {
        Optional<String> missing = NodeTool.missing(TOOLS, "@asyncapi/parser");
        assumeTrue(missing.isEmpty(), () -> "AsyncApiIT skipped: " + missing.orElseThrow());
    }

    @Test
    void shouldBeValidAsyncApi3WithEveryTopicWhenParsed() throws IOException {
        NodeTool.Result result = validate(DOCUMENT);
        assertEquals(0, result.exitCode(), result.output());
        String json = result.output()
                .lines()
                .filter(line -> line.startsWith("{"))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no result line: " + result.output()));
        JsonNode parsed = SpecFile.JSON.readTree(json);
        assertEquals("3.0.0", parsed.path("version").asText());
        Set<String> channels = new TreeSet<>();
        parsed.path("channels").forEach(address -> channels.add(address.asText()));
        assertEquals(new TreeSet<>(Topics.ALL), channels);
    }

    @Test
    void shouldRefuseADocumentWhenAReferenceIsBroken(@TempDir Path dir) throws IOException {
        // The same document with one message reference pointing nowhere: the parser must say so.
        String broken = Files.readString(DOCUMENT)
                .replace("#/components/messages/PublishResult\"", "#/components/messages/NoSuchMessage\"");
        Path file = Files.writeString(dir.resolve("asyncapi.yaml"), broken);
        NodeTool.Result result = validate(file);
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("NoSuchMessage"), result.output());
    }

    private static NodeTool.Result validate(Path document) {
        return NodeTool.run(
                TOOLS,
                Map.of(),
                Duration.ofMinutes(1),
                "node",
                TOOLS.resolve("validate-asyncapi.mjs").toString(),
                document.toString());
    }
}
