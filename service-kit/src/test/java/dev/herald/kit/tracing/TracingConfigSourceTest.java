package dev.herald.kit.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TracingConfigSourceTest {

    @Test
    void shouldDisableTheSdkWhenNoEndpointIsSet() {
        assertEquals(
                Map.of(TracingConfigSource.DISABLED, "true"),
                TracingConfigSource.properties(Map.<String, String>of()::get));
    }

    @Test
    void shouldDisableTheSdkWhenTheEndpointIsBlank() {
        // docker-compose passes HERALD_OTEL_ENDPOINT through as "" when the operator set nothing.
        assertEquals(
                Map.of(TracingConfigSource.DISABLED, "true"),
                TracingConfigSource.properties(Map.of("HERALD_OTEL_ENDPOINT", " ")::get));
    }

    @Test
    void shouldExportOverHttpProtobufWhenHeraldOtelEndpointIsSet() {
        Map<String, String> properties =
                TracingConfigSource.properties(Map.of("HERALD_OTEL_ENDPOINT", "http://collector:4318")::get);
        assertEquals("false", properties.get(TracingConfigSource.DISABLED));
        assertEquals("http://collector:4318", properties.get(TracingConfigSource.ENDPOINT));
        assertEquals("http/protobuf", properties.get(TracingConfigSource.PROTOCOL));
    }

    @Test
    void shouldPreferHeraldOtelEndpointAndTakeTheStandardProtocolWhenBothStandardsAreSet() {
        Map<String, String> properties = TracingConfigSource.properties(Map.of(
                "HERALD_OTEL_ENDPOINT", "http://herald-collector:4317",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://other:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")::get);
        assertEquals("http://herald-collector:4317", properties.get(TracingConfigSource.ENDPOINT));
        assertEquals("grpc", properties.get(TracingConfigSource.PROTOCOL));
    }

    @Test
    void shouldTurnTracingOnWhenOnlyTheStandardOtelEndpointIsSet() {
        Map<String, String> properties =
                TracingConfigSource.properties(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")::get);
        assertEquals("false", properties.get(TracingConfigSource.DISABLED));
        assertEquals("http://collector:4318", properties.get(TracingConfigSource.ENDPOINT));
    }
}
