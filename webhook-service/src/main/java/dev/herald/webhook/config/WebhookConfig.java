package dev.herald.webhook.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the webhook-service ({@code herald.webhook.*}). */
@ConfigMapping(prefix = "herald.webhook")
public interface WebhookConfig {

    /**
     * Development only: lets endpoints point at loopback addresses (a receiver on the developer's own machine). Never
     * on in production; the local stack ({@code ./herald up}) turns it on explicitly.
     */
    @WithDefault("false")
    boolean allowLoopback();

    /** How long one delivery attempt may take, connection included (Standard Webhooks / Svix: 15 s). */
    @WithDefault("15s")
    Duration requestTimeout();

    /**
     * How often the dispatcher looks for due deliveries (retries come due with time); a new delivery wakes it at once.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** How many endpoints with due deliveries one dispatcher claim serves (each up to its in-flight limit). */
    @WithDefault("50")
    int batchSize();

    /** How long a claimed delivery is held before another dispatcher may take it (a crash mid-send). */
    @WithDefault("60s")
    Duration claimLease();

    /**
     * How many requests this replica has in flight to one endpoint at most: a slow endpoint uses its own slots and
     * never the other endpoints'.
     */
    @WithDefault("8")
    int maxInFlightPerEndpoint();

    /** How many requests this replica has in flight in all. */
    @WithDefault("256")
    int maxInFlight();

    /** An endpoint whose attempts have all failed for this long is disabled (Svix: 5 days). */
    @WithDefault("5d")
    Duration autoDisableAfter();

    /** How long a rotated-out secret still signs (two {@code v1,} signatures). */
    @WithDefault("24h")
    Duration rotationOverlap();

    /** How long events stay in the pull feed ({@code GET /v1/events}); the contract is at least 30 days. */
    @WithDefault("31d")
    Duration eventRetention();

    /**
     * The pull feed shows an event only once it is this old: a transaction that took a lower sequence number but
     * commits later still lands before the reader's cursor passes it.
     */
    @WithDefault("2s")
    Duration feedSettleTime();
}
