package dev.herald.webhook.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

/**
 * The service's clock in tests: the system time plus an offset the test moves forward, so hours of retry schedule
 * pass in a moment. Replaces the production {@code Clock} bean (a default bean).
 */
@Singleton
public class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** Moves time forward to {@code at} (never back). */
    public synchronized void advanceTo(Instant at) {
        Duration ahead = Duration.between(instant(), at);
        if (!ahead.isNegative()) {
            offset = offset.plus(ahead);
        }
    }

    public synchronized void advance(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
