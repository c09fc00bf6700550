package dev.herald.publisher.publish.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.herald.publisher.config.PublisherConfig;

/**
 * When a retryable failure is tried again: exponential backoff with ±20 % jitter (so destinations that failed together
 * do not return together), never earlier than the platform's {@code Retry-After}; nothing once the attempts are spent.
 */
@ApplicationScoped
public class RetryPolicy {

    private final PublisherConfig.Retry config;
    private final DoubleSupplier random;

    @Inject
    public RetryPolicy(PublisherConfig config) {
        this(config.retry(), () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicy(PublisherConfig.Retry config, DoubleSupplier random) {
        this.config = config;
        this.random = random;
    }

    /**
     * @param attempt the attempt that just failed (1 for the first)
     * @return when to try again; empty when {@code attempt} was the last one allowed
     */
    public Optional<Instant> nextRetry(int attempt, Duration retryAfter, Instant now) {
        if (attempt >= config.maxAttempts()) {
            return Optional.empty();
        }
        double base = config.initialBackoff().toMillis() * Math.pow(config.multiplier(), attempt - 1.0);
        double capped = Math.min(base, config.maxBackoff().toMillis());
        long jittered = Math.round(capped * (0.8 + 0.4 * random.getAsDouble()));
        // Rounded up: a platform's reset must not be undercut by the sub-millisecond part of the wait.
        long asked = retryAfter == null ? 0 : (retryAfter.toNanos() + 999_999) / 1_000_000;
        long wait = Math.max(jittered, asked);
        return Optional.of(now.plusMillis(wait));
    }

    public int maxAttempts() {
        return config.maxAttempts();
    }
}
