package dev.herald.gateway.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import dev.herald.gateway.config.GatewayConfig;

/**
 * Sliding-window counter per bucket (Cloudflare's approximation): the estimate is
 * {@code previous × (window − elapsed) / window + current}. With {@code herald.gateway.rate-limit.redis-url} the
 * counters live in Redis and every replica enforces one shared limit; without it, or while Redis fails or is slow,
 * this replica counts alone, in memory.
 */
@Startup // so the Redis metrics and the first connection check exist before the first request
@ApplicationScoped
public class RateLimiter {

    /** After a Redis failure, requests are counted locally this long before one of them tries Redis again. */
    static final Duration REDIS_RETRY_INTERVAL = Duration.ofSeconds(2);

    private static final Duration STARTUP_PING_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final long REDIS_IN_USE = Long.MIN_VALUE;

    private final LongSupplier clock;
    private final LocalWindows local = new LocalWindows();
    /** Absent (null): in memory only. */
    private final RedisWindows redis;

    private final AtomicLong retryRedisAt = new AtomicLong(REDIS_IN_USE);
    private final AtomicBoolean redisAvailable = new AtomicBoolean(true);
    private final Counter fallbacks;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    @Inject
    public RateLimiter(GatewayConfig config, MeterRegistry registry) {
        this(
                System::currentTimeMillis,
                config.rateLimit()
                        .redisUrl()
                        .map(url -> RedisWindows.connect(url, config.rateLimit().redisTimeout()))
                        .orElse(null),
                registry);
    }

    RateLimiter(LongSupplier clock) {
        this(clock, null, null);
    }

    RateLimiter(LongSupplier clock, RedisWindows redis, MeterRegistry registry) {
        this.clock = clock;
        this.redis = redis;
        if (redis == null) {
            this.fallbacks = null;
            return;
        }
        Gauge.builder("herald.rate_limit.redis.available", redisAvailable, available -> available.get() ? 1 : 0)
                .description("1 while rate limits are counted in Redis (cluster-wide), 0 while per replica")
                .register(registry);
        this.fallbacks = Counter.builder("herald.rate_limit.redis.fallbacks")
                .description("Requests counted by this replica alone because Redis failed or was too slow")
                .register(registry);
        try {
            // Tells the health check at once, and warms the connection up before the first request's tight timeout.
            redis.ping(STARTUP_PING_TIMEOUT);
        } catch (RedisWindows.RedisUnavailableException e) {
            redisFailed(e);
        }
    }

    /**
     * Counts one request against {@code bucket} unless that would pass {@code limit} per {@code window}. Never fails:
     * without Redis, or when Redis fails or is slow, the replica's own count decides. Completes at once unless Redis
     * is asked; then on the Redis client's thread (callers on an event loop go back to their context).
     */
    public CompletableFuture<Decision> acquireAsync(String bucket, int limit, Duration window) {
        long now = clock.getAsLong();
        long length = window.toMillis();
        if (redis == null) {
            return CompletableFuture.completedFuture(local.acquire(bucket, limit, length, now));
        }
        if (!mayUseRedis()) {
            return CompletableFuture.completedFuture(fallback(bucket, limit, length, now));
        }
        return redis.acquireAsync(bucket, limit, length, now).handle((decision, error) -> {
            if (error == null) {
                redisAnswered();
                return decision;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            redisFailed(
                    cause instanceof RedisWindows.RedisUnavailableException unavailable
                            ? unavailable
                            : new RedisWindows.RedisUnavailableException(String.valueOf(cause.getMessage()), cause));
            return fallback(bucket, limit, length, now);
        });
    }

    /** {@link #acquireAsync}, waiting for the answer (at most the Redis timeout); not for event-loop threads. */
    public Decision acquire(String bucket, int limit, Duration window) {
        return acquireAsync(bucket, limit, window).join();
    }

    private Decision fallback(String bucket, int limit, long length, long now) {
        // A replica's own count lets up to (replicas × limit) through during an outage: better than refusing all.
        fallbacks.increment();
        return local.acquire(bucket, limit, length, now);
    }

    /** Where the counters are kept right now, and Redis's last failure (for the health check). */
    public StoreStatus storeStatus() {
        String store = redis == null ? "local" : redisAvailable.get() ? "redis" : "local-fallback";
        return new StoreStatus(store, lastError, lastErrorAt);
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }

    /** While Redis answers, always; after a failure, one request per retry interval (the others stay local). */
    private boolean mayUseRedis() {
        long retryAt = retryRedisAt.get();
        if (retryAt == REDIS_IN_USE) {
            return true;
        }
        long now = System.nanoTime();
        // Only the request that wins the swap pays a possible timeout; concurrent ones count locally meanwhile.
        return now - retryAt >= 0 && retryRedisAt.compareAndSet(retryAt, now + REDIS_RETRY_INTERVAL.toNanos());
    }

    private void redisAnswered() {
        retryRedisAt.set(REDIS_IN_USE);
        if (redisAvailable.compareAndSet(false, true)) {
            LOG.info("Rate limits: Redis answers again; counting cluster-wide");
        }
    }

    private void redisFailed(RedisWindows.RedisUnavailableException e) {
        retryRedisAt.set(System.nanoTime() + REDIS_RETRY_INTERVAL.toNanos());
        lastError = e.getMessage();
        lastErrorAt = Instant.now();
        if (redisAvailable.compareAndSet(true, false)) {
            LOG.warnf(
                    "Rate limits: Redis unavailable (%s); counting per replica, retrying every %d s",
                    e.getMessage(), REDIS_RETRY_INTERVAL.toSeconds());
        }
    }

    /** What the limiter decided, with what the headers say. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long windowSeconds) {}

    /** {@code store}: {@code redis}, {@code local} (no Redis configured) or {@code local-fallback}. */
    public record StoreStatus(String store, String lastError, Instant lastErrorAt) {}
}
