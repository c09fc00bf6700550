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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole system on one machine: PostgreSQL and Kafka in this JVM's care, and the six services as real processes
 * running their packaged jars. Used by {@code ./herald up} and by the system tests.
 */
public final class HeraldStack implements AutoCloseable {

    /**
     * A service process: its name (the Maven module's, or {@code module#n} for a further replica), the HTTP port it
     * gets, and the Maven module it runs.
     */
    public record Service(String name, int port, String module) {

        Service(String name, int port) {
            this(name, port, name);
        }
    }

    /** How to run the stack. */
    public record Options(
            Path dataDir,
            boolean durable,
            boolean fresh,
            int basePort,
            int kafkaPort,
            int postgresPort,
            String adminToken,
            boolean allowLoopbackWebhooks,
            int rateLimitPerMinute,
            String javaOptions) {

        /** Throwaway stack on free ports (system tests). */
        public static Options forTests(Path dataDir, String adminToken) {
            return new Options(
                    dataDir,
                    false,
                    true,
                    0,
                    FreePorts.next(),
                    FreePorts.next(),
                    adminToken,
                    true,
                    1_000_000, // the system tests and benchmarks measure Herald, not the limiter
                    "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        }
    }

    public static final List<String> SERVICE_NAMES = List.of(
            "api-gateway",
            "post-service",
            "media-service",
            "publisher-service",
            "webhook-service",
            "analytics-service");

    private final Options options;
    private final Path root;
    private final Path logDir;
    private final Path runDir;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final List<AutoCloseable> infra = new ArrayList<>();
    private final Map<String, Map<String, String>> extraEnvironment = new LinkedHashMap<>();
    private InternalKeys keys;
    /** Services sign their calls to each other's /internal API with this pair (never a tenant's gateway key). */
    private InternalKeys serviceKeys;

    private LocalCredentialKey credentialKey;
    private String mediaSigningKey;
    private String kafkaBootstrap;
    private LocalKafka kafka;
    private LocalPostgres postgres;
    private boolean closed;
    private CompletableFuture<LocalPostgres> postgresStart;

    private HeraldStack(Options options) {
        this.options = options;
        this.root = HeraldPaths.root();
        this.logDir = options.dataDir().resolve("logs");
        this.runDir = options.dataDir().resolve("run");
        java.util.Set<Integer> taken = new java.util.HashSet<>(List.of(options.kafkaPort(), options.postgresPort()));
        for (int i = 0; i < SERVICE_NAMES.size(); i++) {
            String name = SERVICE_NAMES.get(i);
            int port = options.basePort() > 0 ? options.basePort() + i : FreePorts.next();
            while (options.basePort() <= 0 && !taken.add(port)) {
                // The OS may hand a just-probed free port out again: each service needs its own.
                port = FreePorts.next();
            }
            services.put(name, new Service(name, port));
        }
    }

    /** Starts PostgreSQL and Kafka, then every service in parallel, and waits until each is ready. */
    public static HeraldStack start(Options options) {
        HeraldStack stack = create(options);
        stack.startAll();
        return stack;
    }

    /**
     * A stack not started yet: register {@link #close()} (e.g. in a shutdown hook) before {@link #startAll()}, so a
     * stop during start-up leaves nothing running.
     */
    public static HeraldStack create(Options options) {
        return new HeraldStack(options);
    }

    public void startAll() {
        startAll(SERVICE_NAMES);
    }

    /**
     * Starts PostgreSQL and Kafka, then only the named services: a benchmark of one request path keeps the services off
     * that path from competing for the machine's cores.
     */
    public void startAll(List<String> names) {
        try {
            startInfrastructure();
            startServices(names);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startInfrastructure() {
        try {
            Files.createDirectories(logDir);
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys = InternalKeys.loadOrGenerate(options.dataDir().resolve("keys"));
        serviceKeys = InternalKeys.loadOrGenerate(options.dataDir().resolve("keys"), "service-jwt");
        credentialKey = LocalCredentialKey.loadOrGenerate(options.dataDir().resolve("keys"));
        mediaSigningKey = signingKey(options.dataDir().resolve("keys").resolve("media-signing.key"));
        CompletableFuture<LocalPostgres> pg = CompletableFuture.supplyAsync(() -> LocalPostgres.start(
                options.dataDir().resolve("postgres"),
                HeraldPaths.postgresBinaries(),
                options.postgresPort(),
                options.durable(),
                options.fresh()));
        LocalKafka kafka = LocalKafka.start(options.dataDir().resolve("kafka"), options.kafkaPort());
        kafkaBootstrap = kafka.bootstrapServers();
        synchronized (this) {
            postgresStart = pg;
        }
        LocalPostgres started = pg.join();
        synchronized (this) {
            if (closed) {
                // close() ran during start-up and has stopped PostgreSQL through postgresStart.
                throw new IllegalStateException("Stopped during start-up");
            }
            infra.add(kafka);
            infra.add(started);
            this.kafka = kafka;
            postgres = started;
        }
    }

    /** Starts the named services (in parallel) and waits for their readiness. */
    public void startServices(List<String> names) {
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

    /**
     * Starts one more replica of a service (same jar, settings and database, its own port), as a second pod of a
     * Deployment would be, and waits until it is ready. Its name is {@code module#n} (n = 2, 3, ...); the other methods
     * that take a service name (kill, pause, url) take that name too.
     */
    public String startReplica(String module) {
        Service replica;
        synchronized (this) {
            if (!SERVICE_NAMES.contains(module)) {
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
        startServices(List.of(replica.name()));
        return replica.name();
    }

    private Set<Integer> usedPorts() {
        Set<Integer> used = new HashSet<>(List.of(options.kafkaPort(), options.postgresPort()));
        services.values().forEach(s -> used.add(s.port()));
        return used;
    }

    /**
     * Freezes a service (SIGSTOP): the process keeps its sockets and its Kafka partitions as far as it knows, but
     * sends no heartbeat — after the consumer session timeout the group hands its partitions to another member.
     */
    public void pauseService(String name) {
        signal(name, "STOP");
    }

    /** Lets a {@link #pauseService paused} service run on (SIGCONT). */
    public void resumeService(String name) {
        signal(name, "CONT");
    }

    /** The operating-system process id of a running service (e.g. to read its memory from {@code /proc}). */
    public synchronized long pid(String name) {
        Process process = processes.get(name);
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** The names of the service processes running now, replicas included. */
    public synchronized List<String> running() {
        return processes.entrySet().stream()
                .filter(e -> e.getValue().isAlive())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Whether the named service's process is running (started and not killed or stopped). */
    public synchronized boolean isRunning(String name) {
        Process process = processes.get(name);
        return process != null && process.isAlive();
    }

    private void signal(String name, String signal) {
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

    /** Sets an environment variable of one service for its next start (e.g. short retry backoffs in tests). */
    public HeraldStack environment(String service, String name, String value) {
        extraEnvironment.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(name, value);
        return this;
    }

    /** {@link #restartKafka(Duration)} at once. */
    public void restartKafka() {
        restartKafka(Duration.ZERO);
    }

    /**
     * Stops the Kafka broker and, {@code downtime} later, starts it again on the same port and log folder, while the
     * services run: topics, records and committed offsets survive, and the services must reconnect on their own.
     */
    public synchronized void restartKafka(Duration downtime) {
        if (kafka == null || closed) {
            throw new IllegalStateException("Kafka is not running in this stack");
        }
        kafka.restart(downtime);
    }

    /** {@link #restartPostgres(Duration)} at once. */
    public void restartPostgres() {
        restartPostgres(Duration.ZERO);
    }

    /**
     * Stops PostgreSQL (fast shutdown: every open connection is cut) and, {@code downtime} later, starts it again on
     * the same port and data folder, while the services run: the data survives, and the services' pools must
     * reconnect on their own.
     */
    public synchronized void restartPostgres(Duration downtime) {
        if (postgres == null || closed) {
            throw new IllegalStateException("PostgreSQL is not running in this stack");
        }
        postgres.restart(downtime);
    }

    /** Kills one service at once (SIGKILL): no shutdown hook, no graceful drain — a crash. */
    public void killService(String name) {
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

    /** Stops one service gracefully (SIGTERM), as a rolling deploy would. */
    public void stopService(String name) {
        Process process = processes.remove(name);
        if (process != null) {
            stop(process);
        }
    }

    /**
     * Sends SIGTERM to one service, as Kubernetes does at the end of a pod's life, and waits up to {@code grace} for
     * it to exit; returns its exit code. Still running after {@code grace}: killed (SIGKILL), as the kubelet would,
     * and an {@link IllegalStateException} says so.
     */
    public int terminateService(String name, Duration grace) {
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
        builder.environment().putAll(environment(service));
        try {
            Process process = builder.start();
            Files.writeString(runDir.resolve(service.name() + ".pid"), Long.toString(process.pid()));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + service.name(), e);
        }
    }

    /** The media upload-URL signing key of this stack's data: made once (32 random bytes), then reused. */
    private static String signingKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, encoded);
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the media signing key in " + file, e);
        }
    }

    private Map<String, String> environment(Service service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        env.put("QUARKUS_PROFILE", "prod");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("HERALD_DB_HOST", postgres.host());
        env.put("HERALD_DB_PORT", Integer.toString(postgres.port()));
        env.put("HERALD_DB_NAME", LocalPostgres.DATABASE);
        env.put("HERALD_DB_USER", LocalPostgres.USER);
        env.put("HERALD_DB_PASSWORD", LocalPostgres.PASSWORD);
        env.put("HERALD_INTERNAL_JWT_PUBLIC_KEY", keys.publicKeyBase64());
        env.put("HERALD_SERVICE_JWT_PUBLIC_KEY", serviceKeys.publicKeyBase64());
        if (service.module().equals("publisher-service") || service.module().equals("post-service")) {
            // The services that call another's /internal API (media bytes and imports).
            env.put("HERALD_SERVICE_JWT_PRIVATE_KEY", serviceKeys.privateKeyBase64());
        }
        switch (service.module()) {
            case "api-gateway" -> {
                env.put("HERALD_GATEWAY_INTERNAL_JWT_PRIVATE_KEY", keys.privateKeyBase64());
                env.put("HERALD_GATEWAY_ADMIN_TOKEN", options.adminToken());
                env.put(
                        "HERALD_GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE",
                        Integer.toString(options.rateLimitPerMinute()));
                // The workspace ceiling scales with the key limit (ten keys' worth).
                env.put(
                        "HERALD_GATEWAY_RATE_LIMIT_WORKSPACE_REQUESTS_PER_MINUTE",
                        Long.toString(Math.min(Integer.MAX_VALUE, 10L * options.rateLimitPerMinute())));
                env.put("HERALD_GATEWAY_SERVICES_POST", url("post-service"));
                env.put("HERALD_GATEWAY_SERVICES_MEDIA", url("media-service"));
                env.put("HERALD_GATEWAY_SERVICES_PUBLISHER", url("publisher-service"));
                env.put("HERALD_GATEWAY_SERVICES_WEBHOOK", url("webhook-service"));
                env.put("HERALD_GATEWAY_SERVICES_ANALYTICS", url("analytics-service"));
            }
            case "post-service" -> env.put("HERALD_POST_MEDIA_SERVICE_URL", url("media-service"));
            case "publisher-service" -> {
                env.putAll(credentialKey.environment());
                env.put("HERALD_PUBLISHER_MEDIA_SERVICE_URL", url("media-service"));
                // Platforms send users' browsers back through the gateway's public callback route.
                env.put("HERALD_PUBLISHER_CONNECT_CALLBACK_BASE_URL", gatewayUrl());
            }
            case "media-service" -> {
                // Upload URLs point at the gateway; their signing key lives as long as the stack's data.
                env.put("HERALD_MEDIA_UPLOADS_BASE_URL", gatewayUrl());
                env.put("HERALD_MEDIA_PUBLIC_URLS_BASE_URL", url("media-service"));
                env.put("HERALD_MEDIA_SIGNING_KEY", mediaSigningKey);
                env.put(
                        "HERALD_MEDIA_STORAGE_DIRECTORY",
                        options.dataDir().resolve("media").toString());
            }
            case "webhook-service" ->
                env.put("HERALD_WEBHOOK_ALLOW_LOOPBACK", Boolean.toString(options.allowLoopbackWebhooks()));
            default -> {
                // no service-specific settings
            }
        }
        env.putAll(extraEnvironment.getOrDefault(service.module(), Map.of()));
        return env;
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

    public String url(String service) {
        return "http://127.0.0.1:" + services.get(service).port();
    }

    /** The public address, as users type it. */
    public String gatewayUrl() {
        return "http://localhost:" + services.get("api-gateway").port();
    }

    public Map<String, Service> services() {
        return services;
    }

    public Path logDir() {
        return logDir;
    }

    /** JDBC URL of the stack's database (user and password: {@link LocalPostgres#USER}, {@link LocalPostgres#PASSWORD}). */
    public String postgresJdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    /** The key pair the gateway signs internal JWTs with (to call a service directly, as the gateway would). */
    public InternalKeys internalKeys() {
        return keys;
    }

    /** Stops the services (SIGTERM, then SIGKILL after 20 s), then Kafka, then PostgreSQL. */
    @Override
    public synchronized void close() {
        closed = true;
        List<String> names = new ArrayList<>(processes.keySet());
        names.forEach(name -> processes.get(name).destroy());
        names.forEach(name -> stop(processes.remove(name)));
        for (int i = infra.size() - 1; i >= 0; i--) {
            try {
                infra.get(i).close();
            } catch (Exception e) {
                System.err.println("Stopping " + infra.get(i).getClass().getSimpleName() + " failed: " + e);
            }
        }
        infra.clear();
        if (postgres == null && postgresStart != null) {
            // Stopped while PostgreSQL was starting: wait for it, then stop it (it is a separate process).
            try {
                postgresStart.get(90, TimeUnit.SECONDS).close();
            } catch (Exception e) {
                System.err.println("Stopping PostgreSQL during start-up failed: " + e);
            }
        }
    }

    private static void stop(Process process) {
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
