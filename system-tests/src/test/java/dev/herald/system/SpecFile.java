package dev.herald.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The committed OpenAPI document the SDKs are generated from ({@code sdk/openapi.json}): its canonical form (keys
 * sorted at every level, two-space indent, so that a diff of two versions shows only what changed) and a readable list
 * of the differences between two documents.
 */
final class SpecFile {

    static final String PATH = "sdk/openapi.json";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Enough to see what changed; the rest shows in the diff of the regenerated file. */
    static final int MAX_DIFFERENCES = 25;

    private static final ObjectMapper SORTED =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private SpecFile() {}

    /** What {@code JSON.stringify(sortedKeys(doc), null, 2)} gives in Node, ending with a newline. */
    static String canonical(JsonNode document) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            Object plain = SORTED.treeToValue(document, Object.class);
            return SORTED.writer(printer).writeValueAsString(plain) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@link #MAX_DIFFERENCES} differences as {@code changed|added|removed <JSON pointer>: ...}. */
    static List<String> differences(JsonNode committed, JsonNode served) {
        List<String> out = new ArrayList<>();
        compare("", committed, served, out);
        return out;
    }

    private static void compare(String pointer, JsonNode committed, JsonNode served, List<String> out) {
        if (out.size() >= MAX_DIFFERENCES || committed.equals(served)) {
            return;
        }
        if (committed.isObject() && served.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            committed.fieldNames().forEachRemaining(names::add);
            served.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!served.has(name)) {
                    add(out, "removed " + child + " (committed: " + abbreviate(committed.get(name)) + ")");
                } else if (!committed.has(name)) {
                    add(out, "added " + child + ": " + abbreviate(served.get(name)));
                } else {
                    compare(child, committed.get(name), served.get(name), out);
                }
            }
        } else if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            Iterator<JsonNode> a = committed.elements();
            Iterator<JsonNode> b = served.elements();
            for (int i = 0; a.hasNext(); i++) {
                compare(pointer + "/" + i, a.next(), b.next(), out);
            }
        } else {
            add(out, "changed " + pointer + ": " + abbreviate(committed) + " -> " + abbreviate(served));
        }
    }

    private static void add(List<String> out, String difference) {
        if (out.size() < MAX_DIFFERENCES) {
            out.add(difference);
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
}
