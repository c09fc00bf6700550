package dev.herald.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

    /**
     * A platform that hangs: a TCP proxy in front of a platform stub that, during its hang window, lets every request
     * through but holds back the answers — the platform acts (a status is created) and the caller hears nothing until
     * its own timeout, as with an overloaded platform. The held connection stays open until the caller gives up, so it
     * is a timeout, not a reset. Outside the window bytes pass both ways untouched.
     */
    static final class HangingPlatform implements AutoCloseable {

        private final ServerSocket server;
        private final String upstreamHost;
        private final int upstreamPort;
        private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "hanging-platform");
            thread.setDaemon(true);
            return thread;
        });
        private final AtomicInteger held = new AtomicInteger();
        private volatile Instant hangFrom = Instant.MAX;
        private volatile Instant hangUntil = Instant.MIN;

        HangingPlatform(String upstreamBaseUrl) throws IOException {
            URI upstream = URI.create(upstreamBaseUrl);
            this.upstreamHost = upstream.getHost();
            this.upstreamPort = upstream.getPort();
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            pumps.submit(this::accept);
        }

        /** The platform's address as callers should use it. */
        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        /** Holds every answer that starts in {@code [from, until)}. */
        void hang(Instant from, Instant until) {
            this.hangFrom = from;
            this.hangUntil = until;
        }

        /** How many answers were held back (each a call that hung until its caller's timeout). */
        int held() {
            return held.get();
        }

        private boolean hanging() {
            Instant now = Instant.now();
            return !now.isBefore(hangFrom) && now.isBefore(hangUntil);
        }

        private Void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(upstreamHost, upstreamPort);
                    pumps.submit(() -> requests(client, upstream));
                    pumps.submit(() -> answers(upstream, client));
                } catch (IOException e) {
                    // Closed, or the stub refused one connection: the caller sees a failed connection and retries.
                }
            }
            return null;
        }

        /** Caller to platform, always; when the caller closes (its timeout, or done), both sides close. */
        private Void requests(Socket client, Socket upstream) {
            try (client;
                    upstream) {
                client.getInputStream().transferTo(upstream.getOutputStream());
            } catch (IOException e) {
                // either side went away: closing both is all there is to do
            }
            return null;
        }

        /** Platform to caller, unless an answer starts while hanging: then it and the rest of the connection vanish. */
        private Void answers(Socket upstream, Socket client) {
            byte[] buffer = new byte[8192];
            boolean swallowing = false;
            try {
                InputStream in = upstream.getInputStream();
                OutputStream out = client.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!swallowing && hanging()) {
                        swallowing = true;
                        held.incrementAndGet();
                    }
                    if (!swallowing) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                if (!swallowing) {
                    client.shutdownOutput();
                }
                // Swallowing: the caller's connection stays open and silent until it gives up (requests() closes it).
            } catch (IOException e) {
                // the caller gave up or the platform closed: requests() closes both
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            pumps.shutdownNow();
        }
    }
}
