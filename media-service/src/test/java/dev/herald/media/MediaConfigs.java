package dev.herald.media;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.herald.media.config.MediaConfig;

/** The media-service's settings outside Quarkus, for plain JUnit tests: defaults plus the values given. */
public final class MediaConfigs {

    private MediaConfigs() {}

    public static MediaConfig of(Map<String, String> values) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(MediaConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter());
        values.forEach(builder::withDefaultValue);
        return builder.build().getConfigMapping(MediaConfig.class);
    }
}
