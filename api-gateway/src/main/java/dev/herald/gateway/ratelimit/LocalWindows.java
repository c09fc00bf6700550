package dev.herald.gateway.ratelimit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's sliding-window counters, in memory: two counters per active bucket; buckets idle for two windows
 * are dropped. {@link RedisWindows} runs the same arithmetic in Redis.
 */
final class LocalWindows {

    private static final int MAX_BUCKETS = 200_000;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter.Decision acquire(String bucket, int limit, long length, long now) {
        if (windows.size() > MAX_BUCKETS) {
            long horizon = now - 2 * length;
            windows.values().removeIf(w -> w.start < horizon);
        }
        return windows.computeIfAbsent(bucket, b -> new Window()).acquire(now, limit, length);
    }

    private static final class Window {
        private long start = -1;
        private long current;
        private long previous;

        synchronized RateLimiter.Decision acquire(long now, int limit, long length) {
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
                return new RateLimiter.Decision(false, limit, 0, reset, length / 1000);
            }
            current++;
            int remaining = (int) Math.max(0, Math.floor(limit - estimate - 1));
            return new RateLimiter.Decision(true, limit, remaining, reset, length / 1000);
        }
    }
}
