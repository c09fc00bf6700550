package dev.herald.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server and Kafka broker of a {@link HeraldStack}: started together, restarted while the services run
 * (fault tests), and stopped after the services.
 */
final class StackInfrastructure implements AutoCloseable {

    private final HeraldStack.Options options;
    /** What is running, in start order: closed in reverse. */
    private final List<AutoCloseable> started = new ArrayList<>();

    private String kafkaBootstrap;
    private LocalKafka kafka;
    private LocalPostgres postgres;
    private boolean closed;
    private CompletableFuture<LocalPostgres> postgresStart;

    StackInfrastructure(HeraldStack.Options options) {
        this.options = options;
    }

    /** Starts PostgreSQL (on another thread) and Kafka side by side, to shorten start-up, and waits until both run. */
    void start() {
        CompletableFuture<LocalPostgres> pg = CompletableFuture.supplyAsync(() -> LocalPostgres.start(
                options.dataDir().resolve("postgres"),
                HeraldPaths.postgresBinaries(),
                options.postgresPort(),
                options.durable(),
                options.fresh()));
        LocalKafka kafka = LocalKafka.start(options.dataDir().resolve("kafka"), options.kafkaPort());
        kafkaBootstrap = kafka.bootstrapServers();
        synchronized (this) {
            // Published before the wait, so a close() during start-up can still stop PostgreSQL (its own process).
            postgresStart = pg;
        }
        LocalPostgres postgresStarted = pg.join();
        synchronized (this) {
            if (closed) {
                // close() ran during start-up and has stopped PostgreSQL through postgresStart.
                throw new IllegalStateException("Stopped during start-up");
            }
            started.add(kafka);
            started.add(postgresStarted);
            this.kafka = kafka;
            postgres = postgresStarted;
        }
    }

    /** See {@link HeraldStack#restartKafka(Duration)}. */
    synchronized void restartKafka(Duration downtime) {
        if (kafka == null || closed) {
            throw new IllegalStateException("Kafka is not running in this stack");
        }
        kafka.restart(downtime);
    }

    /** See {@link HeraldStack#restartPostgres(Duration)}. */
    synchronized void restartPostgres(Duration downtime) {
        if (postgres == null || closed) {
            throw new IllegalStateException("PostgreSQL is not running in this stack");
        }
        postgres.restart(downtime);
    }

    String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    /** The running server (its address stays the same across {@link #restartPostgres restarts}). */
    LocalPostgres postgres() {
        return postgres;
    }

    /**
     * Stops PostgreSQL, then Kafka (reverse start order); a failure to stop one is printed and does not keep the other
     * running.
     */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("Stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e);
            }
        }
        started.clear();
        if (postgres == null && postgresStart != null) {
            // Stopped while PostgreSQL was starting: wait for it, then stop it (it is a separate process).
            try {
                postgresStart.get(90, TimeUnit.SECONDS).close();
            } catch (Exception e) {
                System.err.println("Stopping PostgreSQL during start-up failed: " + e);
            }
        }
    }
}
