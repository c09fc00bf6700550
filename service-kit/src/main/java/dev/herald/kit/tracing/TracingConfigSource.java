package dev.herald.kit.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns tracing on exactly when an OTLP endpoint is given ({@code HERALD_OTEL_ENDPOINT}, or the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} / {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}), and off otherwise: Quarkus would
 * otherwise export to localhost:4317 and log an error for every batch nobody receives. Ordinal 110: above the kit's
 * defaults, below a service's application.properties and the environment, so {@code QUARKUS_OTEL_SDK_DISABLED} or
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL} still win.
 */
public final class TracingConfigSource implements ConfigSource {

    static final String DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String PROTOCOL = "quarkus.otel.exporter.otlp.protocol";
    static final String TRACES_PROTOCOL = "quarkus.otel.exporter.otlp.traces.protocol";

    private final Map<String, String> properties;

    public TracingConfigSource() {
        this(name -> {
            String value = System.getProperty(name.toLowerCase().replace('_', '.'));
            return value != null ? value : System.getenv(name);
        });
    }

    TracingConfigSource(UnaryOperator<String> settings) {
        this.properties = Map.copyOf(properties(settings));
    }

    static Map<String, String> properties(UnaryOperator<String> settings) {
        String endpoint = first(
                settings,
                "HERALD_OTEL_ENDPOINT",
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        Map<String, String> properties = new HashMap<>();
        properties.put(DISABLED, Boolean.toString(endpoint == null));
        if (endpoint != null) {
            properties.put(ENDPOINT, endpoint);
            // OTLP over HTTP (port 4318) unless told otherwise: what collectors and the OTel SDKs default to.
            String protocol = first(settings, "HERALD_OTEL_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
            properties.put(PROTOCOL, protocol == null ? "http/protobuf" : protocol);
            properties.put(TRACES_PROTOCOL, "${" + PROTOCOL + "}");
        }
        return properties;
    }

    private static String first(UnaryOperator<String> settings, String... names) {
        for (String name : names) {
            String value = settings.apply(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "herald-tracing";
    }

    @Override
    public int getOrdinal() {
        return 110;
    }
}
