package dev.herald.publisher.publish.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.herald.publisher.config.PublisherConfig;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static PublisherConfig.Retry config() {
        return new PublisherConfig.Retry() {
            @Override
            public int maxAttempts() {
                return 5;
            }

            @Override
            public Duration initialBackoff() {
                return Duration.ofSeconds(60);
            }

            @Override
            public double multiplier() {
                return 3;
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMinutes(30);
            }
        };
    }

    @Test
    void shouldGrowTheWaitExponentiallyWhenAttemptsFail() {
        RetryPolicy middle = new RetryPolicy(config(), () -> 0.5); // no jitter at the middle of the range
        assertEquals(NOW.plusSeconds(60), middle.nextRetry(1, null, NOW).orElseThrow());
        assertEquals(NOW.plusSeconds(180), middle.nextRetry(2, null, NOW).orElseThrow());
        assertEquals(NOW.plusSeconds(540), middle.nextRetry(3, null, NOW).orElseThrow());
        assertEquals(NOW.plusSeconds(1620), middle.nextRetry(4, null, NOW).orElseThrow());
    }

    @Test
    void shouldStayWithinTwentyPercentWhenJittering() {
        RetryPolicy low = new RetryPolicy(config(), () -> 0.0);
        RetryPolicy high = new RetryPolicy(config(), () -> 0.999_999);
        assertEquals(NOW.plusSeconds(48), low.nextRetry(1, null, NOW).orElseThrow());
        Instant upper = high.nextRetry(1, null, NOW).orElseThrow();
        assertTrue(!upper.isAfter(NOW.plusSeconds(72)) && upper.isAfter(NOW.plusSeconds(71)), upper.toString());
    }

    @Test
    void shouldWaitAtLeastRetryAfterWhenThePlatformAsksForLonger() {
        RetryPolicy policy = new RetryPolicy(config(), () -> 0.5);
        assertEquals(
                NOW.plusSeconds(600),
                policy.nextRetry(1, Duration.ofMinutes(10), NOW).orElseThrow());
        assertEquals(
                NOW.plusSeconds(60),
                policy.nextRetry(1, Duration.ofSeconds(2), NOW).orElseThrow());
    }

    @Test
    void shouldGiveUpWhenTheLastAttemptFailed() {
        RetryPolicy policy = new RetryPolicy(config(), () -> 0.5);
        assertTrue(policy.nextRetry(5, null, NOW).isEmpty());
        assertTrue(policy.nextRetry(4, null, NOW).isPresent());
    }
}
