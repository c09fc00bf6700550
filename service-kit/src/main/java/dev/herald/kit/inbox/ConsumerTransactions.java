package dev.herald.kit.inbox;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Runs a consumer's work (one event, or a whole poll) in a transaction of its own. A database or broker outage is
 * waited out (growing pauses, up to 15 minutes; each try a new transaction) rather than dead-lettering events that are
 * still owed; IllegalArgumentException (an event that cannot be applied) is not retried.
 */
@ApplicationScoped
@Retry(
        maxRetries = -1,
        delay = 200,
        jitter = 100,
        maxDuration = 15,
        durationUnit = ChronoUnit.MINUTES,
        abortOn = IllegalArgumentException.class)
@ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
public class ConsumerTransactions {

    public <T> T call(Callable<T> work) {
        return QuarkusTransaction.requiringNew().call(work);
    }

    public void run(Runnable work) {
        QuarkusTransaction.requiringNew().run(work);
    }
}
