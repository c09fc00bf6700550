package dev.herald.publisher.publish.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on a bounded pool, one at a time per key (an account's requests keep their order) and many keys at once.
 * {@link #submit} answers when the caller may hand over the next task: at once while fewer than {@code maxInFlight}
 * are pending, later otherwise — that is the back-pressure on the Kafka consumer.
 */
final class KeyedWorkers {

    private final ExecutorService pool;
    private final int maxInFlight;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private CompletableFuture<Void> capacity = CompletableFuture.completedFuture(null);

    KeyedWorkers(int threads, int maxInFlight) {
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "publish-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.maxInFlight = maxInFlight;
    }

    /** Queues {@code task} behind the key's earlier tasks. */
    synchronized CompletionStage<Void> submit(String key, Runnable task) {
        inFlight.incrementAndGet();
        CompletableFuture<Void> tail = tails.compute(
                key,
                (k, previous) -> (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                        .thenRunAsync(task, pool)
                        // A failed task must not block the key's later tasks: the task reports its own errors.
                        .exceptionally(error -> null));
        tail.whenComplete((ignored, error) -> finished(key, tail));
        if (inFlight.get() < maxInFlight) {
            return CompletableFuture.completedFuture(null);
        }
        capacity = new CompletableFuture<>();
        return capacity;
    }

    private void finished(String key, CompletableFuture<Void> tail) {
        tails.remove(key, tail); // only when no later task was queued behind it
        CompletableFuture<Void> waiting;
        synchronized (this) {
            inFlight.decrementAndGet();
            waiting = capacity;
        }
        waiting.complete(null);
    }

    int inFlight() {
        return inFlight.get();
    }

    /**
     * Lets running tasks finish, for up to {@code grace} (the longest platform call): a publish cut short would be
     * left unknown, to be read back from the platform after the restart. Tasks not started yet must check their own
     * stop flag and return without acknowledging (Kafka redelivers them). Interrupts whatever still runs after that.
     */
    void shutdown(Duration grace) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
