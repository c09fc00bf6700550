package dev.herald.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.vertx.core.http.RequestOptions;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.testsupport.HeraldStack;
import dev.herald.testsupport.InternalTokens;

/**
 * Latency the gateway adds: {@code GET /v1/posts/{id}} through the gateway (API key) versus straight to the
 * post-service (an internal JWT signed with the stack's key, as the gateway would), each at the same fixed request
 * rate, open loop. Latency counts from each request's scheduled send time, so a stall delays every request behind it
 * (no coordinated omission).
 *
 * <p>Only the services this path and the tenant's set-up need run (the gateway, the post-service, and the
 * publisher-service, which connects the account): on 2 cores, the other three would only compete for them.
 */
public final class GatewayLatencyBenchmark {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(2);
    private static final List<String> SERVICES = List.of("api-gateway", "post-service", "publisher-service");
    /** Enough for a stall's backlog at 500 requests/s; past it, requests wait for a connection (and are charged). */
    private static final int CONNECTIONS = 64;

    private GatewayLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        // "breakdown": also GET /v1/me, which the gateway answers itself (key look-up and limiter, no proxying).
        boolean breakdown = args.length > 4 && "breakdown".equals(args[4]);
        String adminToken = "bench-" + UUID.randomUUID();
        try (HeraldStack stack = BenchmarkStack.start(adminToken, Map.of(), SERVICES);
                OpenLoopClient http = new OpenLoopClient(CONNECTIONS)) {
            List<Target> targets = targets(stack, Tenant.provision(stack, adminToken), breakdown);
            Cpu cpu = Cpu.of(stack);
            System.out.printf(
                    "%n[gateway] GET /v1/posts/{id} at %d req/s, open loop; warm-up %d s per target (discarded),"
                            + " then %d rounds of %d s per target%n",
                    rate, warmup, rounds, seconds);
            for (Target target : targets) {
                Phase phase = run(http, target, rate, warmup, new ConcurrentHistogram(MAX_MICROS, 3), cpu);
                System.out.printf("  warm-up %-8s %s%n", target.name(), phase);
            }
            for (int round = 0; round < rounds; round++) {
                // ABBA order, so a drift of the machine over the run weighs on every target alike.
                List<Target> order = new ArrayList<>(targets);
                if (round % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Target target : order) {
                    Phase phase = run(http, target, rate, seconds, target.latencies(), cpu);
                    target.add(phase);
                    System.out.printf("  round %d %-8s %s%n", round + 1, target.name(), phase);
                }
            }
            report(targets, rounds * seconds);
        }
    }

    /** The paths measured, each checked once to answer 200 with the post. */
    private static List<Target> targets(HeraldStack stack, Tenant tenant, boolean breakdown) throws Exception {
        String postId = Tenant.post(
                        stack.gatewayUrl() + "/v1/posts",
                        tenant.apiKey(),
                        "{\"caption\":\"Gateway benchmark\",\"mode\":\"draft\",\"account_ids\":[\"" + tenant.accountId()
                                + "\"]}")
                .get("id")
                .asText();
        JsonNode caller = Tenant.get(stack.gatewayUrl() + "/v1/me", tenant.apiKey());
        List<String> scopes = new ArrayList<>();
        caller.get("scopes").forEach(scope -> scopes.add(scope.asText()));
        // The claims the gateway puts in its token for this key.
        String token = InternalTokens.sign(
                stack.internalKeys(),
                caller.get("key_id").asText(),
                tenant.workspaceId(),
                caller.get("mode").asText(),
                String.join(" ", scopes),
                Duration.ofHours(2));
        List<Target> targets = new ArrayList<>();
        targets.add(Target.of("gateway", stack.url("api-gateway") + "/v1/posts/" + postId, tenant.apiKey()));
        targets.add(Target.of("direct", stack.url("post-service") + "/v1/posts/" + postId, token));
        if (breakdown) {
            targets.add(Target.of("me", stack.url("api-gateway") + "/v1/me", tenant.apiKey()));
        }
        for (Target target : targets) {
            Tenant.get(target.url(), target.bearer());
        }
        return targets;
    }

    /**
     * Sends {@code rate × seconds} requests at fixed intervals from one thread, never waiting for answers, and records
     * each latency from its scheduled send time.
     */
    private static Phase run(OpenLoopClient http, Target target, int rate, int seconds, Histogram latencies, Cpu cpu)
            throws InterruptedException {
        long[] cpuBefore = cpu.sample();
        long interval = 1_000_000_000L / rate;
        int count = rate * seconds;
        CountDownLatch answered = new CountDownLatch(count);
        AtomicLong errors = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        long maxSendLag = 0;
        long start = System.nanoTime() + 10_000_000;
        for (int i = 0; i < count; i++) {
            long scheduled = start + i * interval;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxSendLag = Math.max(maxSendLag, System.nanoTime() - scheduled);
            http.send(target.request(), status -> {
                long now = System.nanoTime();
                if (status == 200) {
                    latencies.recordValue(Math.min(MAX_MICROS, (now - scheduled) / 1_000));
                } else {
                    errors.incrementAndGet();
                }
                lastAnswer.accumulateAndGet(now, Math::max);
                answered.countDown();
            });
        }
        boolean all = answered.await(60, TimeUnit.SECONDS);
        long unanswered = all ? 0 : answered.getCount();
        double elapsed = (Math.max(lastAnswer.get(), start + 1) - start) / 1e9;
        return new Phase(
                count,
                errors.get() + unanswered,
                (count - unanswered) / elapsed,
                maxSendLag / 1_000,
                cpu.perRequest(cpuBefore, cpu.sample(), count));
    }

    private static void report(List<Target> targets, int measuredSeconds) {
        System.out.printf(
                "%n[result] %d s measured per target; latency in ms from scheduled send time%n", measuredSeconds);
        System.out.printf(
                "  %-8s %9s %8s %8s %8s %8s %8s %8s %7s%n",
                "target", "requests", "req/s", "p50", "p90", "p99", "p99.9", "max", "errors");
        for (Target target : targets) {
            Histogram h = target.latencies();
            System.out.printf(
                    "  %-8s %,9d %8.1f %8.2f %8.2f %8.2f %8.2f %8.2f %7d%n",
                    target.name(),
                    target.requests(),
                    target.rate(),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()),
                    target.errors());
        }
        Histogram gateway = targets.get(0).latencies();
        Histogram direct = targets.get(1).latencies();
        System.out.printf(
                "  added by the gateway: p50 %+.2f ms, p90 %+.2f ms, p99 %+.2f ms (goal: p99 <= 2 ms)%n",
                ms(gateway.getValueAtPercentile(50) - direct.getValueAtPercentile(50)),
                ms(gateway.getValueAtPercentile(90) - direct.getValueAtPercentile(90)),
                ms(gateway.getValueAtPercentile(99) - direct.getValueAtPercentile(99)));
    }

    private static double ms(long micros) {
        return micros / 1_000.0;
    }

    /**
     * One phase at the fixed rate: what was sent, what failed, the rate answered, the sender's worst lateness, and the
     * CPU each process spent per request.
     */
    private record Phase(
            long requests, long errors, double answeredPerSecond, long maxSendLagMicros, String cpuPerRequest) {

        @Override
        public String toString() {
            return String.format(
                    "%,d requests, %.1f answered/s, %d errors, sender at most %.2f ms late; CPU ms/request: %s",
                    requests, answeredPerSecond, errors, maxSendLagMicros / 1_000.0, cpuPerRequest);
        }
    }

    /**
     * CPU time of the gateway, the post-service and this JVM (load generator and Kafka broker), read from the OS per
     * phase: on a machine with few cores, what each process costs per request is what decides the tail.
     */
    private record Cpu(List<String> names, List<ProcessHandle> processes) {

        static Cpu of(HeraldStack stack) throws java.io.IOException {
            Path run = stack.logDir().resolveSibling("run");
            List<String> names = List.of("api-gateway", "post-service", "loadgen");
            List<ProcessHandle> processes = new ArrayList<>();
            for (String service : names.subList(0, 2)) {
                long pid = Long.parseLong(
                        Files.readString(run.resolve(service + ".pid")).trim());
                processes.add(ProcessHandle.of(pid).orElseThrow());
            }
            processes.add(ProcessHandle.current());
            return new Cpu(names, processes);
        }

        long[] sample() {
            return processes.stream()
                    .mapToLong(process -> process.info()
                            .totalCpuDuration()
                            .map(Duration::toNanos)
                            .orElse(0L))
                    .toArray();
        }

        String perRequest(long[] before, long[] after, long requests) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                text.append(i == 0 ? "" : ", ")
                        .append(names.get(i))
                        .append(' ')
                        .append(String.format("%.3f", (after[i] - before[i]) / 1e6 / requests));
            }
            return text.toString();
        }
    }

    /** A path under test and the latencies of its measured phases. */
    private static final class Target {
        private final String name;
        private final String url;
        private final RequestOptions request;
        private final String bearer;
        private final Histogram latencies = new ConcurrentHistogram(MAX_MICROS, 3);
        private final List<Phase> phases = new ArrayList<>();

        private Target(String name, String url, String bearer) {
            this.name = name;
            this.url = url;
            this.request = OpenLoopClient.get(url, bearer);
            this.bearer = bearer;
        }

        static Target of(String name, String url, String bearer) {
            return new Target(name, url, bearer);
        }

        String name() {
            return name;
        }

        String url() {
            return url;
        }

        RequestOptions request() {
            return request;
        }

        String bearer() {
            return bearer;
        }

        Histogram latencies() {
            return latencies;
        }

        void add(Phase phase) {
            phases.add(phase);
        }

        long requests() {
            return phases.stream().mapToLong(Phase::requests).sum();
        }

        long errors() {
            return phases.stream().mapToLong(Phase::errors).sum();
        }

        double rate() {
            return phases.stream()
                    .mapToDouble(Phase::answeredPerSecond)
                    .average()
                    .orElse(0);
        }
    }
}
