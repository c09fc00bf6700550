package dev.herald.analytics.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the analytics-service ({@code herald.analytics.*}). */
@ConfigMapping(prefix = "herald.analytics")
public interface AnalyticsConfig {

    /** Metric collection. */
    Collection collection();

    /** How long metrics are kept; older samples, rollups and finished slots are deleted. */
    @WithDefault("400d")
    Duration retention();

    /** How often the retention is applied ({@code off} disables it). */
    @WithDefault("1h")
    String retentionCheckEvery();

    /** The shortest time between two on-demand refreshes of one post ({@code POST …/refresh}); sooner is a 429. */
    @WithDefault("15m")
    Duration refreshMinInterval();

    /** Metric collection settings. */
    interface Collection {

        /**
         * When a published post's metrics are collected, as times after publishing: a decaying schedule (most change
         * happens in the first hours).
         */
        @WithDefault("15m,1h,6h,24h,3d,7d,30d")
        List<Duration> schedule();

        /** How often due slots are looked for ({@code off} disables the poll: tests drive it with their own clock). */
        @WithDefault("5s")
        String pollEvery();

        /**
         * How often accounts' daily slots are opened (the first run of a UTC day opens that day's; {@code off}
         * disables it).
         */
        @WithDefault("1h")
        String accountCheckEvery();

        /**
         * How long a requested slot waits for the publisher's answer before it is requested again (a lost request or
         * answer). Short enough to recover soon, long enough not to ask a slow platform twice.
         */
        @WithDefault("10m")
        Duration lease();

        /** Slots claimed per poll at most. */
        @WithDefault("500")
        int batchSize();

        /** Failed collections of one slot (not rate limits, which only delay it) before it is given up. */
        @WithDefault("5")
        int maxAttempts();

        /** The wait after a 429 whose platform named no time. */
        @WithDefault("1m")
        Duration rateLimitWait();
    }
}
