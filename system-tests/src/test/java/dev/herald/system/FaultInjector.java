package dev.herald.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.herald.testsupport.HeraldStack;

/**
 * Injects faults into a running stack until a deadline, one at a time, every 5–30 s (seeded, so a failing run can be
 * replayed): SIGKILL of a random service (restarted at once), a Kafka broker restart, a PostgreSQL restart, and a
 * SIGSTOP of a publisher longer than its consumer session timeout (the group hands its partitions to the other
 * publisher while the frozen one still believes it owns them). The three infrastructure faults happen once each, at
 * random turns; the run goes on past the deadline until they have.
 */
final class FaultInjector implements AutoCloseable {

    private enum Fault {
        KILL,
        KAFKA_RESTART,
        POSTGRES_RESTART,
        PUBLISHER_PAUSE
    }

    private static final Duration MIN_GAP = Duration.ofSeconds(5);
    private static final Duration MAX_GAP = Duration.ofSeconds(30);
    private static final Duration INFRA_DOWNTIME = Duration.ofSeconds(5);

    private final HeraldStack stack;
    private final List<String> targets;
    private final String pauseTarget;
    private final Duration pause;
    private final Random random;
    // Two threads: a pause's resume is timed on the second while the first waits for it.
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "fault-injector");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Fault> infrastructure =
            new ArrayList<>(List.of(Fault.KAFKA_RESTART, Fault.POSTGRES_RESTART, Fault.PUBLISHER_PAUSE));
    private final CompletableFuture<List<String>> done = new CompletableFuture<>();
    private Instant deadline;

    /**
     * @param targets the services a kill may hit (names as {@link HeraldStack} knows them, replicas included)
     * @param pauseTarget the publisher to freeze
     * @param pause how long it stays frozen: longer than its consumer session timeout
     */
    FaultInjector(HeraldStack stack, List<String> targets, String pauseTarget, Duration pause, long seed) {
        this.stack = stack;
        this.targets = List.copyOf(targets);
        this.pauseTarget = pauseTarget;
        this.pause = pause;
        this.random = new Random(seed);
    }

    /** Starts injecting; the returned future completes with the log of what was injected once the run is over. */
    CompletableFuture<List<String>> runUntil(Instant deadline) {
        this.deadline = deadline;
        scheduleNext();
        return done;
    }

    private void scheduleNext() {
        long gap = MIN_GAP.toMillis() + random.nextInt((int) (MAX_GAP.toMillis() - MIN_GAP.toMillis()) + 1);
        timer.schedule(this::injectOne, gap, TimeUnit.MILLISECONDS);
    }

    private void injectOne() {
        try {
            boolean pastDeadline = Instant.now().isAfter(deadline);
            if (pastDeadline && infrastructure.isEmpty()) {
                done.complete(List.copyOf(log));
                return;
            }
            // Past the deadline only the infrastructure faults still owed are injected.
            Fault fault = !infrastructure.isEmpty() && (pastDeadline || random.nextInt(3) == 0)
                    ? infrastructure.remove(random.nextInt(infrastructure.size()))
                    : Fault.KILL;
            inject(fault);
            scheduleNext();
        } catch (RuntimeException | Error e) {
            log("injection failed: " + e);
            done.completeExceptionally(e);
        }
    }

    private void inject(Fault fault) {
        switch (fault) {
            case KILL -> {
                String target = targets.get(random.nextInt(targets.size()));
                log("kill -9 " + target);
                stack.killService(target);
                stack.startServices(List.of(target));
                log(target + " restarted and ready");
            }
            case KAFKA_RESTART -> {
                log("Kafka broker stopped for " + INFRA_DOWNTIME.toSeconds() + " s");
                stack.restartKafka(INFRA_DOWNTIME);
                log("Kafka broker back");
            }
            case POSTGRES_RESTART -> {
                log("PostgreSQL stopped for " + INFRA_DOWNTIME.toSeconds() + " s");
                stack.restartPostgres(INFRA_DOWNTIME);
                log("PostgreSQL back");
            }
            case PUBLISHER_PAUSE -> {
                log("kill -STOP " + pauseTarget + " for " + pause.toSeconds() + " s");
                stack.pauseService(pauseTarget);
                try {
                    timer.schedule(() -> stack.resumeService(pauseTarget), pause.toMillis(), TimeUnit.MILLISECONDS)
                            .get();
                } catch (Exception e) {
                    throw new IllegalStateException("Could not resume " + pauseTarget, e);
                }
                log("kill -CONT " + pauseTarget);
            }
        }
    }

    private void log(String line) {
        String entry = Instant.now() + " " + line;
        log.add(entry);
        System.out.println("[faults] " + entry);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
