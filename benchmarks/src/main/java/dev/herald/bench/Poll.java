package dev.herald.bench;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits a bounded time for a condition the stack cannot announce, checking it at a fixed interval. */
final class Poll {

    private Poll() {}

    /**
     * Returns once {@code condition} is true, checking it every {@code interval}; throws {@link TimedOut} naming
     * {@code description} when it is still false at a check after {@code timeout}. The condition may throw: that ends
     * the wait too, since a benchmark cannot report on a stack it can no longer read.
     */
    static void until(String description, Duration timeout, Duration interval, Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new TimedOut(description, timeout);
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** The condition a {@link #until} waited for was still false when its timeout passed. */
    static final class TimedOut extends IllegalStateException {

        TimedOut(String description, Duration timeout) {
            super("Gave up waiting for " + description + " after " + timeout.toSeconds() + " s");
        }
    }
}
