package dev.herald.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/** The stack a benchmark measures: the system (or the services it names) on free ports, throwaway data under {@code target/}. */
final class BenchmarkStack {

    /** Environment variable: the services' JVM options instead of the system tests' (e.g. to measure with C2). */
    static final String SERVICE_JAVA_OPTIONS = "HERALD_BENCH_SERVICE_JAVA_OPTIONS";

    private BenchmarkStack() {}

    /** Prints what this JVM sees of the machine, then starts the stack and waits until every service is ready. */
    static HeraldStack start(String adminToken) {
        return start(adminToken, Map.of());
    }

    /**
     * As {@link #start(String)}, with extra environment variables per service (service name → variable → value), e.g.
     * the sandbox's simulated round trip on the publisher-service.
     */
    static HeraldStack start(String adminToken, Map<String, Map<String, String>> environment) {
        return start(adminToken, environment, HeraldStack.SERVICE_NAMES);
    }

    /** As {@link #start(String, Map)}, with only the named services (PostgreSQL and Kafka always). */
    static HeraldStack start(String adminToken, Map<String, Map<String, String>> environment, List<String> services) {
        Path data = HeraldPaths.root().resolve("benchmarks/target/stack-" + System.currentTimeMillis());
        System.out.printf(
                "Machine: %d cores, %d MB max heap here, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1_048_576,
                System.getProperty("java.version"));
        System.out.println("Starting the stack ...");
        HeraldStack.Options options = HeraldStack.Options.forTests(data, adminToken);
        String javaOptions = System.getenv(SERVICE_JAVA_OPTIONS);
        if (javaOptions != null && !javaOptions.isBlank()) {
            options = new HeraldStack.Options(
                    options.dataDir(),
                    options.durable(),
                    options.fresh(),
                    options.basePort(),
                    options.kafkaPort(),
                    options.postgresPort(),
                    options.adminToken(),
                    options.allowLoopbackWebhooks(),
                    options.rateLimitPerMinute(),
                    javaOptions);
        }
        System.out.println("Services' JVM options: " + options.javaOptions());
        HeraldStack stack = HeraldStack.create(options);
        environment.forEach((service, variables) -> variables.forEach((name, value) -> {
            System.out.println(service + ": " + name + "=" + value);
            stack.environment(service, name, value);
        }));
        System.out.println("Services: " + String.join(", ", services));
        stack.startAll(services);
        return stack;
    }
}
