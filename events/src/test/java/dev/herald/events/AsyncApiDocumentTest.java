package dev.herald.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * docs/asyncapi.yaml against this module: every topic constant is a channel there (so a new topic cannot be left out)
 * and nothing else is, and each message's payload lists exactly the fields {@link EventJson} writes for its record.
 * The document's validity as AsyncAPI 3 is checked by the AsyncAPI parser in system-tests' AsyncApiIT.
 */
class AsyncApiDocumentTest {

    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE_CASE =
            new PropertyNamingStrategies.SnakeCaseStrategy();
    private static final String SCHEMAS = "#/components/schemas/";

    private static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        Path root = Path.of(System.getProperty("herald.root", ".."));
        document = new ObjectMapper(new YAMLFactory())
                .readTree(root.resolve("docs/asyncapi.yaml").toFile());
    }

    @Test
    void shouldDescribeEveryTopicWhenTheEventsModuleNamesIt() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>(Topics.ALL);
        for (Field field : Topics.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String topic = (String) field.get(null);
                topics.add(topic);
                topics.add(Topics.dlq(topic));
            }
        }
        Set<String> channels = new TreeSet<>();
        document.path("channels")
                .forEach(channel -> channels.add(channel.path("address").asText()));
        assertEquals(topics, channels, "docs/asyncapi.yaml has one channel per topic of Topics and its .dlq");
    }

    @Test
    void shouldListEachRecordsFieldsWhenAMessageNamesItsJavaType() throws ClassNotFoundException {
        List<String> checked = new ArrayList<>();
        for (JsonNode message : document.path("components").path("messages")) {
            String type = message.path("x-java-type").asText();
            if (!type.startsWith(EventJson.class.getPackageName() + ".")) {
                continue; // another module's record (media-service's MediaJob), or a dead letter of a checked one
            }
            checkFields(Class.forName(type), message.path("payload"), type);
            checked.add(type);
        }
        assertEquals(
                Set.of(
                        PublishRequest.class.getName(),
                        PublishResult.class.getName(),
                        PostEvent.class.getName(),
                        MediaEvent.class.getName(),
                        AccountEvent.class.getName(),
                        PublisherHeartbeat.class.getName(),
                        MetricsRequest.class.getName(),
                        MetricsReport.class.getName()),
                Set.copyOf(checked),
                "every payload record of this module is described");
    }

    /** The schema's properties are the record's components in snake_case, and nested records' likewise. */
    private static void checkFields(Class<?> record, JsonNode schema, String where) {
        JsonNode resolved = resolve(schema);
        assertTrue(record.isRecord(), where + " is a record");
        Set<String> expected = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            expected.add(SNAKE_CASE.translate(component.getName()));
        }
        Set<String> documented = new TreeSet<>();
        resolved.path("properties").fieldNames().forEachRemaining(documented::add);
        assertEquals(expected, documented, where + ": the documented fields are the record's");

        for (RecordComponent component : record.getRecordComponents()) {
            String field = SNAKE_CASE.translate(component.getName());
            JsonNode property = resolved.path("properties").path(field);
            Class<?> nested = recordOf(component.getGenericType());
            if (nested != null) {
                JsonNode nestedSchema = property.has("items") ? property.path("items") : property;
                checkFields(nested, nestedSchema, where + "." + field);
            }
        }
    }

    private static Class<?> recordOf(Type type) {
        if (type instanceof Class<?> plain && plain.isRecord()) {
            return plain;
        }
        if (type instanceof ParameterizedType generic
                && generic.getRawType() == List.class
                && generic.getActualTypeArguments()[0] instanceof Class<?> element
                && element.isRecord()) {
            return element;
        }
        return null;
    }

    private static JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        if (ref.isEmpty()) {
            return schema;
        }
        assertTrue(ref.startsWith(SCHEMAS), ref);
        JsonNode target = document.path("components").path("schemas").path(ref.substring(SCHEMAS.length()));
        assertNotNull(target, ref);
        assertTrue(target.isObject(), ref + " exists");
        return target;
    }
}
