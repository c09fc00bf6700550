package dev.herald.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L); // aligned to a minute
    private final RateLimiter limiter = new RateLimiter(now::get);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void shouldRefuseTheSixtyFirstRequestWhenSixtyCameInTheSameMinute() {
        for (int i = 0; i < 60; i++) {
            RateLimiter.Decision decision = limiter.acquire("key", 60, MINUTE);
            assertTrue(decision.allowed());
            assertEquals(59 - i, decision.remaining());
        }
        RateLimiter.Decision refused = limiter.acquire("key", 60, MINUTE);

        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(60, refused.resetSeconds());
    }

    @Test
    void shouldWeighThePreviousWindowBySlidingOverlapWhenANewMinuteStarts() {
        for (int i = 0; i < 60; i++) {
            limiter.acquire("key", 60, MINUTE);
        }
        now.addAndGet(60_000 + 15_000); // 15 s into the next minute: 75 % of the previous one still counts (45)

        int allowed = 0;
        while (limiter.acquire("key", 60, MINUTE).allowed()) {
            allowed++;
        }

        assertEquals(15, allowed);
    }

    @Test
    void shouldForgetThePastWhenAWholeWindowWasQuiet() {
        for (int i = 0; i < 60; i++) {
            limiter.acquire("key", 60, MINUTE);
        }
        now.addAndGet(120_000);

        assertEquals(59, limiter.acquire("key", 60, MINUTE).remaining());
    }

    @Test
    void shouldKeepBucketsApartWhenKeysDiffer() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a", 3, MINUTE);
        }

        assertFalse(limiter.acquire("a", 3, MINUTE).allowed());
        assertTrue(limiter.acquire("b", 3, MINUTE).allowed());
    }

    @Test
    void shouldReportTheLocalStoreWhenNoRedisIsConfigured() {
        HealthCheckResponse health = new RateLimitStoreHealthCheck(limiter).call();

        assertEquals(HealthCheckResponse.Status.UP, health.getStatus());
        assertEquals(Map.of("store", "local"), health.getData().orElseThrow());
    }
}
