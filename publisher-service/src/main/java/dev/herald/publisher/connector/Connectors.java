package dev.herald.publisher.connector;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** The installed platform connectors, by platform name. */
@ApplicationScoped
public class Connectors {

    private final Map<String, PlatformConnector> byPlatform;

    public Connectors(Instance<PlatformConnector> connectors) {
        this.byPlatform = connectors.stream()
                .collect(Collectors.toUnmodifiableMap(PlatformConnector::platform, Function.identity()));
    }

    public Optional<PlatformConnector> forPlatform(String platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }
}
