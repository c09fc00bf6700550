package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.herald.testsupport.HeraldStack;

/**
 * Resident memory (RSS, from {@code /proc/<pid>/status}) of every service process of a stack: a snapshot, and the
 * peak of samples taken each second while a load runs. Linux only; elsewhere it reports nothing.
 */
final class ServiceMemory implements AutoCloseable {

    private final HeraldStack stack;
    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rss-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private ServiceMemory(HeraldStack stack) {
        this.stack = stack;
    }

    /** Starts sampling each second; {@link #peak()} then gives each process's highest RSS seen. */
    static ServiceMemory sample(HeraldStack stack) {
        ServiceMemory memory = new ServiceMemory(stack);
        memory.sampler.scheduleAtFixedRate(
                () -> snapshot(stack).forEach((name, kb) -> memory.peakKb.merge(name, kb, Math::max)),
                0,
                1,
                TimeUnit.SECONDS);
        return memory;
    }

    /** RSS in kB of each service process running now. */
    static Map<String, Long> snapshot(HeraldStack stack) {
        Map<String, Long> rss = new TreeMap<>();
        for (String name : stack.running()) {
            try {
                Path status = Path.of("/proc", Long.toString(stack.pid(name)), "status");
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        rss.put(name, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            } catch (IOException | IllegalStateException e) {
                // Not Linux, or the process ended between the listing and the read: nothing to report for it.
            }
        }
        return rss;
    }

    Map<String, Long> peak() {
        return new TreeMap<>(peakKb);
    }

    /** One line: each process's RSS in MB. */
    static String format(Map<String, Long> kb) {
        StringBuilder line = new StringBuilder();
        kb.forEach((name, value) -> line.append(String.format("%s %d MB, ", name, value / 1024)));
        return line.length() == 0 ? "(not measured)" : line.substring(0, line.length() - 2);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
