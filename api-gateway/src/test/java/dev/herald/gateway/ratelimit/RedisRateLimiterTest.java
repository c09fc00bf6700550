package dev.herald.gateway.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.herald.testsupport.FreePorts;
import dev.herald.testsupport.LocalRedis;

/** The Redis store against a real redis-server: shared limits, the same arithmetic as in memory, outages. */
class RedisRateLimiterTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final long ALIGNED = 1_800_000_000_000L; // a whole minute
    private static LocalRedis redis;

    private final AtomicLong now = new AtomicLong(ALIGNED);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        assumeTrue(LocalRedis.available(), "redis-server is not on the PATH");
        redis = LocalRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyRedis() {
        redis.restart(); // a no-op unless a test left it down
        redis.call("FLUSHALL");
    }

    @AfterEach
    void closeClients() throws Exception {
        redis.thaw();
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void shouldEnforceOneSharedLimitWhenTwoReplicasCountInTheSameRedis() {
        RateLimiter first = replica(Duration.ofSeconds(1), new SimpleMeterRegistry());
        RateLimiter second = replica(Duration.ofSeconds(1), new SimpleMeterRegistry());
        now.set(ALIGNED + 20_000); // 40 s left in the window

        for (int i = 0; i < 60; i++) {
            RateLimiter.Decision decision = (i % 2 == 0 ? first : second).acquire("key:k1", 60, MINUTE);
            assertTrue(decision.allowed(), "request " + (i + 1));
            assertEquals(59 - i, decision.remaining(), "remaining after request " + (i + 1));
            assertEquals(40, decision.resetSeconds());
            assertEquals(60, decision.windowSeconds());
        }
        RateLimiter.Decision refusedByFirst = first.acquire("key:k1", 60, MINUTE);
        RateLimiter.Decision refusedBySecond = second.acquire("key:k1", 60, MINUTE);

        assertEquals(new RateLimiter.Decision(false, 60, 0, 40, 60), refusedByFirst);
        assertEquals(new RateLimiter.Decision(false, 60, 0, 40, 60), refusedBySecond);
        assertEquals("redis", first.storeStatus().store());
        assertEquals("redis", second.storeStatus().store());
        long ttl = Long.parseLong(redis.call("PTTL", RedisWindows.KEY_PREFIX + "key:k1"));
        assertTrue(ttl > 110_000 && ttl <= 120_000, "the bucket expires two windows after its last use: " + ttl);
    }

    @Test
    void shouldDecideExactlyAsInMemoryWhenGivenTheSameClock() {
        RedisWindows shared = RedisWindows.connect(redis.url(), Duration.ofSeconds(2));
        opened.add(shared);
        LocalWindows local = new LocalWindows();
        Map<String, Integer> limits = Map.of("key:a", 7, "key:b", 60, "ws:c", 1000);
        List<String> buckets = List.copyOf(limits.keySet());
        Random random = new Random(42);
        long clock = ALIGNED + 12_345;
        int allowed = 0;
        int refused = 0;

        for (int i = 0; i < 3_000; i++) {
            // Mostly bursts within a window, sometimes a jump into the next one or past a quiet window.
            int dice = random.nextInt(100);
            clock += dice < 97 ? random.nextInt(300) : dice < 99 ? 60_000 + random.nextInt(5_000) : 125_000;
            String bucket = buckets.get(random.nextInt(buckets.size()));
            int limit = limits.get(bucket);

            RateLimiter.Decision expected = local.acquire(bucket, limit, MINUTE.toMillis(), clock);
            RateLimiter.Decision actual = shared.acquire(bucket, limit, MINUTE.toMillis(), clock);

            assertEquals(expected, actual, "step " + i + " at " + clock + " for " + bucket);
            if (expected.allowed()) {
                allowed++;
            } else {
                refused++;
            }
        }
        assertTrue(allowed > 100 && refused > 100, "both outcomes exercised: " + allowed + "/" + refused);
    }

    @Test
    void shouldCountLocallyWithoutDelayWhenRedisIsKilledAndUseRedisAgainWhenItIsBack() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter limiter = replica(Duration.ofMillis(100), registry);
        assertTrue(limiter.acquire("key:k", 60, MINUTE).allowed());
        assertEquals(1.0, available(registry));

        redis.kill();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.acquire("key:k", 60, MINUTE).allowed());
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMillis < 1_000, "20 requests with Redis down took " + tookMillis + " ms");
        assertEquals("local-fallback", limiter.storeStatus().store());
        assertNotNull(limiter.storeStatus().lastError());
        assertEquals(0.0, available(registry));
        assertEquals(
                20.0,
                registry.get("herald.rate_limit.redis.fallbacks").counter().count());
        HealthCheckResponse health = new RateLimitStoreHealthCheck(limiter).call();
        assertEquals(HealthCheckResponse.Status.UP, health.getStatus());
        assertEquals("local-fallback", health.getData().orElseThrow().get("store"));
        assertNotNull(health.getData().orElseThrow().get("last_error"));

        redis.restart();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> limiter.acquire("key:k", 60, MINUTE).allowed()
                        && "redis".equals(limiter.storeStatus().store()));
        assertEquals(1.0, available(registry));
        assertEquals("1", redis.call("EXISTS", RedisWindows.KEY_PREFIX + "key:k"));
        assertEquals(
                "redis",
                new RateLimitStoreHealthCheck(limiter)
                        .call()
                        .getData()
                        .orElseThrow()
                        .get("store"));
    }

    @Test
    void shouldAnswerWithinTheTimeoutAndThenSkipRedisWhenRedisHangs() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter limiter = replica(Duration.ofMillis(100), registry);
        assertTrue(limiter.acquire("key:k", 60, MINUTE).allowed());

        redis.freeze();
        long started = System.nanoTime();
        assertTrue(limiter.acquire("key:k", 60, MINUTE).allowed());
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            limiter.acquire("key:k", 60, MINUTE);
        }
        long nextMillis = (System.nanoTime() - started) / 1_000_000;

        assertTrue(firstMillis >= 90 && firstMillis < 600, "waited for the 100 ms timeout: " + firstMillis + " ms");
        assertTrue(nextMillis < 300, "then skipped Redis: 100 requests took " + nextMillis + " ms");
        assertEquals("local-fallback", limiter.storeStatus().store());
        assertEquals("no answer within 100 ms", limiter.storeStatus().lastError());
        assertEquals(
                101.0,
                registry.get("herald.rate_limit.redis.fallbacks").counter().count());

        redis.thaw();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> limiter.acquire("key:k", 60, MINUTE).allowed()
                        && "redis".equals(limiter.storeStatus().store()));
    }

    @Test
    void shouldRunTheScriptAgainWhenRedisForgotIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter limiter = replica(Duration.ofSeconds(1), registry);
        assertEquals(59, limiter.acquire("key:k", 60, MINUTE).remaining());

        redis.call("SCRIPT", "FLUSH");

        assertEquals(58, limiter.acquire("key:k", 60, MINUTE).remaining());
        assertEquals(
                0.0, registry.get("herald.rate_limit.redis.fallbacks").counter().count());
    }

    @Test
    void shouldReportTheFallbackFromTheStartWhenNoRedisListens() {
        RedisWindows nowhere = RedisWindows.connect("redis://127.0.0.1:" + FreePorts.next(), Duration.ofMillis(100));
        opened.add(nowhere);

        assertThrows(
                RedisWindows.RedisUnavailableException.class,
                () -> nowhere.acquire("key:k", 60, MINUTE.toMillis(), ALIGNED));
        RateLimiter limiter = new RateLimiter(now::get, nowhere, new SimpleMeterRegistry());

        assertEquals("local-fallback", limiter.storeStatus().store());
        assertNotNull(limiter.storeStatus().lastError());
        assertEquals(new RateLimiter.Decision(true, 60, 59, 60, 60), limiter.acquire("key:k", 60, MINUTE));
    }

    /** One gateway replica: its own Redis client and connections. */
    private RateLimiter replica(Duration timeout, MeterRegistry registry) {
        RedisWindows windows = RedisWindows.connect(redis.url(), timeout);
        opened.add(windows);
        return new RateLimiter(now::get, windows, registry);
    }

    private static double available(MeterRegistry registry) {
        return registry.get("herald.rate_limit.redis.available").gauge().value();
    }
}
