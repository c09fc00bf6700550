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

    /** How long one delivery attempt may take. */
    @WithDefault("15s")
    Duration requestTimeout();

    /** How many due deliveries one dispatcher pass claims. */
    @WithDefault("50")
    int batchSize();

    /** How long a claimed delivery is held before another dispatcher may take it (a crash mid-send). */
    @WithDefault("60s")
    Duration claimLease();
}
