package dev.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.herald.testsupport.HeraldStack.Service;

/**
 * The services of a {@link HeraldStack} as operating-system processes running their packaged jars: their ports,
 * launch, readiness wait, signals, graceful stop and kill. Each writes its output to {@code logs/<name>.log} and its
 * process id to {@code run/<name>.pid} under the stack's data folder.
 */
final class ServiceProcesses implements AutoCloseable {

    private final HeraldStack.Options options;
    private final Path root;
    private final Path logDir;
    private final Path runDir;
    /** Asked at each launch: a service's settings name the infrastructure's addresses, known only once it runs. */
    private final Function<Service, Map<String, String>> environment;

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private boolean closed;

    ServiceProcesses(HeraldStack.Options options, Function<Service, Map<String, String>> environment) {
        this.options = options;
        this.environment = environment;
        this.root = HeraldPaths.root();
        this.logDir = options.dataDir().resolve("logs");
        this.runDir = options.dataDir().resolve("run");
        Set<Integer> taken = new HashSet<>(List.of(options.kafkaPort(), options.postgresPort()));
        for (int i = 0; i < HeraldStack.SERVICE_NAMES.size(); i++) {
            String name = HeraldStack.SERVICE_NAMES.get(i);
            int port = options.basePort() > 0 ? options.basePort() + i : FreePorts.next();
            while (options.basePort() <= 0 && !taken.add(port)) {
                // The OS may hand a just-probed free port out again: each service needs its own.
                port = FreePorts.next();
            }
            services.put(name, new Service(name, port));
        }
    }

    /** Makes the folders for the services' logs and process ids. */
    void createDirectories() {
        try {
            Files.createDirectories(logDir);
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** See {@link HeraldStack#startServices(List)}. */
    void start(List<String> names) {
        for (String name : names) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("Stopped during start-up");
                }
                processes.put(name, launch(services.get(name)));
            }
        }
        for (String name : names) {
            awaitReady(services.get(name), processes.get(name), Duration.ofSeconds(120));
        }
    }

    /** See {@link HeraldStack#startReplica(String)}. */
    String startReplica(String module) {
        Service replica;
        synchronized (this) {
            if (!HeraldStack.SERVICE_NAMES.contains(module)) {
                throw new IllegalArgumentException("No such service: " + module);
            }
            int n = 2;
            while (services.containsKey(module + "#" + n)) {
                n++;
            }
            int port = FreePorts.next();
            while (usedPorts().contains(port)) {
                port = FreePorts.next();
            }
            replica = new Service(module + "#" + n, port, module);
            services.put(replica.name(), replica);
        }
        start(List.of(replica.name()));
        return replica.name();
    }

    private Set<Integer> usedPorts() {
        Set<Integer> used = new HashSet<>(List.of(options.kafkaPort(), options.postgresPort()));
        services.values().forEach(s -> used.add(s.port()));
        return used;
    }

    synchronized long pid(String name) {
        Process process = processes.get(name);
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    synchronized List<String> running() {
        return processes.entrySet().stream()
                .filter(e -> e.getValue().isAlive())
                .map(Map.Entry::getKey)
                .toList();
    }

    synchronized boolean isRunning(String name) {
        Process process = processes.get(name);
        return process != null && process.isAlive();
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to a service, through kill(1): the JDK sends only TERM and KILL. */
    void signal(String name, String signal) {
        Process process;
        synchronized (this) {
            process = processes.get(name);
        }
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + name + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** See {@link HeraldStack#killService(String)}. */
    void kill(String name) {
        Process process = processes.remove(name);
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** See {@link HeraldStack#stopService(String)}. */
    void stop(String name) {
        Process process = processes.remove(name);
        if (process != null) {
            stopGracefully(process);
        }
    }

    /** See {@link HeraldStack#terminateService(String, Duration)}. */
    int terminate(String name, Duration grace) {
        Process process = processes.remove(name);
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " still running " + grace + " after SIGTERM: killed");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    private Process launch(Service service) {
        Path jar = root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Not built: " + jar + " (run ./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : options.javaOptions().trim().split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logDir.resolve(service.name() + ".log").toFile()));
        builder.environment().putAll(environment.apply(service));
        try {
            Process process = builder.start();
            Files.writeString(runDir.resolve(service.name() + ".pid"), Long.toString(process.pid()));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + service.name(), e);
        }
    }

    private void awaitReady(Service service, Process process, Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.name() + " exited with " + process.exitValue() + "; see "
                        + logDir.resolve(service.name() + ".log"));
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url(service.name()) + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(
                service.name() + " not ready after " + timeout + "; see " + logDir.resolve(service.name() + ".log"));
    }

    String url(String service) {
        return "http://127.0.0.1:" + services.get(service).port();
    }

    Map<String, Service> services() {
        return services;
    }

    Path logDir() {
        return logDir;
    }

    /**
     * Stops every service: SIGTERM to all first, so they drain side by side, then waits for each (SIGKILL after 20 s).
     * Once closed, no service starts again.
     */
    @Override
    public synchronized void close() {
        closed = true;
        List<String> names = new ArrayList<>(processes.keySet());
        names.forEach(name -> processes.get(name).destroy());
        names.forEach(name -> stopGracefully(processes.remove(name)));
    }

    private static void stopGracefully(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
