package dev.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine: PostgreSQL and Kafka in this JVM's care ({@link StackInfrastructure}), and the six
 * services as real processes running their packaged jars ({@link ServiceProcesses}); this class holds the stack's keys
 * and gives each service the settings that connect it to the rest. Used by {@code ./herald up} and by the system tests.
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
    private final StackInfrastructure infrastructure;
    private final ServiceProcesses processes;
    private final Map<String, Map<String, String>> extraEnvironment = new LinkedHashMap<>();
    private InternalKeys keys;
    /** Services sign their calls to each other's /internal API with this pair (never a tenant's gateway key). */
    private InternalKeys serviceKeys;

    private LocalCredentialKey credentialKey;
    private String mediaSigningKey;

    private HeraldStack(Options options) {
        this.options = options;
        this.infrastructure = new StackInfrastructure(options);
        this.processes = new ServiceProcesses(options, this::environment);
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
        processes.createDirectories();
        keys = InternalKeys.loadOrGenerate(options.dataDir().resolve("keys"));
        serviceKeys = InternalKeys.loadOrGenerate(options.dataDir().resolve("keys"), "service-jwt");
        credentialKey = LocalCredentialKey.loadOrGenerate(options.dataDir().resolve("keys"));
        mediaSigningKey = signingKey(options.dataDir().resolve("keys").resolve("media-signing.key"));
        infrastructure.start();
    }

    /** Starts the named services (in parallel) and waits for their readiness. */
    public void startServices(List<String> names) {
        processes.start(names);
    }

    /**
     * Starts one more replica of a service (same jar, settings and database, its own port), as a second pod of a
     * Deployment would be, and waits until it is ready. Its name is {@code module#n} (n = 2, 3, ...); the other methods
     * that take a service name (kill, pause, url) take that name too.
     */
    public String startReplica(String module) {
        return processes.startReplica(module);
    }

    /**
     * Freezes a service (SIGSTOP): the process keeps its sockets and its Kafka partitions as far as it knows, but
     * sends no heartbeat — after the consumer session timeout the group hands its partitions to another member.
     */
    public void pauseService(String name) {
        processes.signal(name, "STOP");
    }

    /** Lets a {@link #pauseService paused} service run on (SIGCONT). */
    public void resumeService(String name) {
        processes.signal(name, "CONT");
    }

    /** The operating-system process id of a running service (e.g. to read its memory from {@code /proc}). */
    public long pid(String name) {
        return processes.pid(name);
    }

    /** The names of the service processes running now, replicas included. */
    public List<String> running() {
        return processes.running();
    }

    /** Whether the named service's process is running (started and not killed or stopped). */
    public boolean isRunning(String name) {
        return processes.isRunning(name);
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
        // synchronized, as close() is: a restart never overlaps the stack's shutdown.
        infrastructure.restartKafka(downtime);
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
        infrastructure.restartPostgres(downtime);
    }

    /** Kills one service at once (SIGKILL): no shutdown hook, no graceful drain — a crash. */
    public void killService(String name) {
        processes.kill(name);
    }

    /** Stops one service gracefully (SIGTERM), as a rolling deploy would. */
    public void stopService(String name) {
        processes.stop(name);
    }

    /**
     * Sends SIGTERM to one service, as Kubernetes does at the end of a pod's life, and waits up to {@code grace} for
     * it to exit; returns its exit code. Still running after {@code grace}: killed (SIGKILL), as the kubelet would,
     * and an {@link IllegalStateException} says so.
     */
    public int terminateService(String name, Duration grace) {
        return processes.terminate(name, grace);
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

    /** A service's settings: its port, the infrastructure's addresses, the keys, and the other services it calls. */
    private Map<String, String> environment(Service service) {
        LocalPostgres postgres = infrastructure.postgres();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        env.put("QUARKUS_PROFILE", "prod");
        env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
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

    public String url(String service) {
        return processes.url(service);
    }

    /** The public address, as users type it. */
    public String gatewayUrl() {
        return "http://localhost:" + services().get("api-gateway").port();
    }

    public Map<String, Service> services() {
        return processes.services();
    }

    public Path logDir() {
        return processes.logDir();
    }

    /** JDBC URL of the stack's database (user and password: {@link LocalPostgres#USER}, {@link LocalPostgres#PASSWORD}). */
    public String postgresJdbcUrl() {
        return infrastructure.postgres().jdbcUrl();
    }

    public String kafkaBootstrapServers() {
        return infrastructure.kafkaBootstrapServers();
    }

    /** The key pair the gateway signs internal JWTs with (to call a service directly, as the gateway would). */
    public InternalKeys internalKeys() {
        return keys;
    }

    /**
     * Stops the services (SIGTERM, then SIGKILL after 20 s), then PostgreSQL, then Kafka. Safe during start-up (from
     * a shutdown hook): a service or server still starting is stopped too.
     */
    @Override
    public synchronized void close() {
        processes.close();
        infrastructure.close();
    }
}
