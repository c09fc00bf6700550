package dev.herald.publisher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class PublisherConfigTest {

    @Test
    void shouldReadTheCredentialKeyRingWhenItComesFromEnvironmentVariables() {
        PublisherConfig config = config(Map.of(
                "HERALD_PUBLISHER_CREDENTIALS_KEYS_K2026A", "a-key",
                "HERALD_PUBLISHER_CREDENTIALS_KEYS_K2025", "old-key",
                "HERALD_PUBLISHER_CREDENTIALS_CURRENT_KEY", "k2026a"));

        assertEquals(
                Map.of("k2026a", "a-key", "k2025", "old-key"),
                config.credentials().keys());
        assertEquals(Optional.of("k2026a"), config.credentials().currentKey());
    }

    @Test
    void shouldHaveAnEmptyKeyRingWhenNothingIsConfigured() {
        PublisherConfig config = config(Map.of());

        assertTrue(config.credentials().keys().isEmpty());
        assertEquals(Optional.empty(), config.credentials().currentKey());
    }

    private static PublisherConfig config(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(environment, 300))
                // Quarkus's own converter: the mapping's defaults are written "60s", not ISO-8601
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(PublisherConfig.class)
                .build();
        return config.getConfigMapping(PublisherConfig.class);
    }
}
