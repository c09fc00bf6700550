package dev.herald.bench;

import java.nio.file.Path;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/** The stack a benchmark measures: the whole system on free ports, with throwaway data under {@code target/}. */
final class BenchmarkStack {

    private BenchmarkStack() {}

    /** Prints what this JVM sees of the machine, then starts the stack and waits until every service is ready. */
    static HeraldStack start(String adminToken) {
        Path data = HeraldPaths.root().resolve("benchmarks/target/stack-" + System.currentTimeMillis());
        System.out.printf(
                "Machine: %d cores, %d MB max heap here, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1_048_576,
                System.getProperty("java.version"));
        System.out.println("Starting the stack ...");
        return HeraldStack.start(HeraldStack.Options.forTests(data, adminToken));
    }
}
