package dev.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka + PostgreSQL + the internal-JWT key pair for one JVM. Local by default; external when
 * {@code HERALD_KAFKA_BOOTSTRAP_SERVERS} and {@code HERALD_DB_HOST} (with {@code HERALD_DB_PORT},
 * {@code HERALD_DB_NAME}, {@code HERALD_DB_USER}, {@code HERALD_DB_PASSWORD}) point at running ones.
 */
public final class LocalInfra implements AutoCloseable {

    private static final String SHARED_PREFIX = "herald.test.infra.";
    private static LocalInfra shared;

    private final LocalKafka kafka;
    private final LocalPostgres postgres;
    private final String kafkaBootstrap;
    private final Map<String, String> db;
    private final InternalKeys keys;
    private final InternalKeys serviceKeys;
    private final Path scratch;

    private LocalInfra(
            LocalKafka kafka,
            LocalPostgres postgres,
            String kafkaBootstrap,
            Map<String, String> db,
            InternalKeys keys,
            InternalKeys serviceKeys,
            Path scratch) {
        this.scratch = scratch;
        this.kafka = kafka;
        this.postgres = postgres;
        this.kafkaBootstrap = kafkaBootstrap;
        this.db = db;
        this.keys = keys;
        this.serviceKeys = serviceKeys;
    }

    /** The infrastructure of this test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized LocalInfra shared() {
        if (shared == null) {
            if (System.getProperty(SHARED_PREFIX + "kafka") != null) {
                // Started by another class loader of this JVM (Quarkus loads tests and test resources apart).
                shared = attach();
            } else {
                shared = startForTests();
                shared.publish();
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "herald-infra-stop"));
            }
        }
        return shared;
    }

    private void publish() {
        System.setProperty(SHARED_PREFIX + "kafka", kafkaBootstrap);
        db.forEach((key, value) -> System.setProperty(SHARED_PREFIX + "db." + key, value));
        System.setProperty(SHARED_PREFIX + "private-key", keys.privateKeyBase64());
        System.setProperty(SHARED_PREFIX + "public-key", keys.publicKeyBase64());
        System.setProperty(SHARED_PREFIX + "service-private-key", serviceKeys.privateKeyBase64());
        System.setProperty(SHARED_PREFIX + "service-public-key", serviceKeys.publicKeyBase64());
    }

    private static LocalInfra attach() {
        Map<String, String> db = new HashMap<>();
        for (String key : new String[] {"host", "port", "name", "user", "password"}) {
            db.put(key, System.getProperty(SHARED_PREFIX + "db." + key));
        }
        InternalKeys keys = InternalKeys.of(
                System.getProperty(SHARED_PREFIX + "private-key"), System.getProperty(SHARED_PREFIX + "public-key"));
        InternalKeys serviceKeys = InternalKeys.of(
                System.getProperty(SHARED_PREFIX + "service-private-key"),
                System.getProperty(SHARED_PREFIX + "service-public-key"));
        return new LocalInfra(null, null, System.getProperty(SHARED_PREFIX + "kafka"), db, keys, serviceKeys, null);
    }

    private static LocalInfra startForTests() {
        Path root = HeraldPaths.root();
        Path scratch =
                root.resolve(".herald/test-runs/" + ProcessHandle.current().pid());
        InternalKeys keys = InternalKeys.generate();
        InternalKeys serviceKeys = InternalKeys.generate();
        String externalKafka = System.getenv("HERALD_KAFKA_BOOTSTRAP_SERVERS");
        String externalDb = System.getenv("HERALD_DB_HOST");
        LocalKafka kafka = externalKafka == null ? LocalKafka.start(scratch.resolve("kafka"), FreePorts.next()) : null;
        LocalPostgres postgres = externalDb == null
                ? LocalPostgres.start(
                        scratch.resolve("pg"), HeraldPaths.postgresBinaries(), FreePorts.next(), false, true)
                : null;
        Map<String, String> db = new HashMap<>();
        if (postgres != null) {
            db.put("host", postgres.host());
            db.put("port", String.valueOf(postgres.port()));
            db.put("name", LocalPostgres.DATABASE);
            db.put("user", LocalPostgres.USER);
            db.put("password", LocalPostgres.PASSWORD);
        } else {
            db.put("host", externalDb);
            db.put("port", System.getenv().getOrDefault("HERALD_DB_PORT", "5432"));
            db.put("name", System.getenv().getOrDefault("HERALD_DB_NAME", "herald"));
            db.put("user", System.getenv().getOrDefault("HERALD_DB_USER", "herald"));
            db.put("password", System.getenv().getOrDefault("HERALD_DB_PASSWORD", "herald"));
        }
        return new LocalInfra(
                kafka,
                postgres,
                kafka != null ? kafka.bootstrapServers() : externalKafka,
                db,
                keys,
                serviceKeys,
                scratch);
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    public String dbHost() {
        return db.get("host");
    }

    public int dbPort() {
        return Integer.parseInt(db.get("port"));
    }

    public String dbName() {
        return db.get("name");
    }

    public String dbUser() {
        return db.get("user");
    }

    public String dbPassword() {
        return db.get("password");
    }

    public InternalKeys keys() {
        return keys;
    }

    /** The pair services sign their calls to each other's {@code /internal} API with. */
    public InternalKeys serviceKeys() {
        return serviceKeys;
    }

    /** The settings every service reads (as Quarkus config names). */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrap);
        config.put("herald.db.host", dbHost());
        config.put("herald.db.port", String.valueOf(dbPort()));
        config.put("herald.db.name", dbName());
        config.put("herald.db.user", dbUser());
        config.put("herald.db.password", dbPassword());
        config.put("herald.internal-jwt.public-key", keys.publicKeyBase64());
        config.put("herald.gateway.internal-jwt.private-key", keys.privateKeyBase64());
        config.put("herald.service-jwt.public-key", serviceKeys.publicKeyBase64());
        config.put("herald.service-jwt.private-key", serviceKeys.privateKeyBase64());
        return config;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (scratch != null) {
            deleteRecursively(scratch);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover scratch folder under .herald/ is harmless.
        }
    }
}
