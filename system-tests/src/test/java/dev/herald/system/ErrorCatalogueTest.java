package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * Keeps {@code docs/errors.md} whole: every error code the services and the gateway can answer with — the string
 * literal given to an error factory in their main sources — must have a row in the catalogue.
 */
class ErrorCatalogueTest {

    /** What the API can answer with: the gateway, the five services and the shared kit their errors come from. */
    private static final List<String> SOURCES = Stream.concat(
                    HeraldStack.SERVICE_NAMES.stream(), Stream.of("service-kit"))
            .toList();

    private static final String CODE = "\"([a-z][a-z0-9_]*)\"";

    /**
     * The error factories and where their code is: {@code new ApiException(status, "code", …)},
     * {@code GatewayErrors.send(ctx, status, "code", …)}, media-service's {@code AddressGuard.refuse("code", …)}, the
     * status fallbacks of {@code ApiExceptionMappers} ({@code case 404 -> "not_found"}), and error JSON the gateway
     * builds by hand ({@code .put("code", "…")}) or a resource renders itself ({@code ApiError.of("code", …)}), and a
     * code chosen by a condition ({@code new ApiException(permanent ? 400 : 502, permanent ? "a" : "b", …)}).
     */
    private static final List<Pattern> FACTORIES = List.of(
            Pattern.compile("new\\s+ApiException\\(\\s*[45]\\d\\d\\s*,\\s*" + CODE),
            Pattern.compile("GatewayErrors\\.send\\(\\s*\\w+\\s*,\\s*[45]\\d\\d\\s*,\\s*" + CODE),
            Pattern.compile("\\brefuse\\(\\s*" + CODE),
            Pattern.compile("case\\s+[45]\\d\\d\\s*->\\s*" + CODE),
            Pattern.compile("\\.put\\(\\s*\"code\"\\s*,\\s*" + CODE),
            Pattern.compile("ApiError\\.of\\(\\s*" + CODE),
            Pattern.compile("new\\s+ApiException\\([^;]*?\\?\\s*[45]\\d\\d\\s*:\\s*[45]\\d\\d\\s*,[^;]*?\\?\\s*" + CODE
                    + "\\s*:\\s*" + CODE));

    /** A catalogue row: {@code | `code` | status | …}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z][a-z0-9_]*)`\\s*\\|", Pattern.MULTILINE);

    @Test
    void shouldListEveryErrorCodeOfTheSourcesWhenTheCatalogueIsRead() throws IOException {
        Map<String, String> found = codesInSources();
        Set<String> documented = catalogue();
        // The scan must see the codes everyone knows, or a change of the factories would make this test pass empty.
        assertTrue(
                found.keySet()
                        .containsAll(Set.of("not_found", "validation_failed", "rate_limited", "post_not_editable")),
                "the scan no longer finds the known codes: " + found.keySet());
        Map<String, String> missing = new TreeMap<>(found);
        missing.keySet().removeAll(documented);
        assertEquals(
                Map.of(),
                missing,
                "error codes the API can return but docs/errors.md does not list (code=first place found)");
    }

    /** Every code given to an error factory, with the first file that does it. */
    static Map<String, String> codesInSources() throws IOException {
        Map<String, String> codes = new TreeMap<>();
        Path root = HeraldPaths.root();
        for (String module : SOURCES) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                files = walk.filter(p -> p.toString().endsWith(".java"))
                        .sorted()
                        .toList();
            }
            for (Path file : files) {
                String source = Files.readString(file);
                for (Pattern factory : FACTORIES) {
                    Matcher m = factory.matcher(source);
                    while (m.find()) {
                        for (int group = 1; group <= m.groupCount(); group++) {
                            codes.putIfAbsent(
                                    m.group(group), root.relativize(file).toString());
                        }
                    }
                }
            }
        }
        return codes;
    }

    private static Set<String> catalogue() throws IOException {
        String doc = Files.readString(HeraldPaths.root().resolve("docs/errors.md"));
        return ROW.matcher(doc).results().map(r -> r.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }
}
