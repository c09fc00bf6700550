package dev.herald.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sliding-window counter per bucket (Cloudflare's approximation): the estimate is
 * {@code previous × (window − elapsed) / window + current}. Memory is two counters per active bucket; buckets idle
 * for two windows are dropped. This replica's view only: the cluster-wide (Redis) store comes next.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int MAX_BUCKETS = 200_000;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public RateLimiter() {
        this(System::currentTimeMillis);
    }

    RateLimiter(LongSupplier clock) {
        this.clock = clock;
    }

    /** Counts one request against {@code bucket} unless that would pass {@code limit} per {@code window}. */
    public Decision acquire(String bucket, int limit, Duration window) {
        long now = clock.getAsLong();
        if (windows.size() > MAX_BUCKETS) {
            long horizon = now - 2 * window.toMillis();
            windows.values().removeIf(w -> w.start < horizon);
        }
        return windows.computeIfAbsent(bucket, b -> new Window()).acquire(now, limit, window.toMillis());
    }

    /** What the limiter decided, with what the headers say. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long windowSeconds) {}

    private static final class Window {
        private long start = -1;
        private long current;
        private long previous;

        synchronized Decision acquire(long now, int limit, long length) {
            long aligned = now - (now % length);
            if (start != aligned) {
                previous = start == aligned - length ? current : 0;
                current = 0;
                start = aligned;
            }
            long elapsed = now - start;
            double estimate = previous * (double) (length - elapsed) / length + current;
            long reset = Math.max(1, (long) Math.ceil((length - elapsed) / 1000.0));
            if (estimate + 1 > limit) {
                return new Decision(false, limit, 0, reset, length / 1000);
            }
            current++;
            int remaining = (int) Math.max(0, Math.floor(limit - estimate - 1));
            return new Decision(true, limit, remaining, reset, length / 1000);
        }
    }
}
