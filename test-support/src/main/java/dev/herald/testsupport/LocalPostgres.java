package dev.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PostgreSQL 17) with a {@code herald} database that every
 * service uses, each in its own schema.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "herald";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres.Builder builder;
    private final Path dataDir;
    private final boolean fresh;
    private EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres.Builder builder, Path dataDir, boolean fresh) throws IOException {
        this.builder = builder;
        this.dataDir = dataDir;
        this.fresh = fresh;
        this.postgres = builder.start();
    }

    /**
     * Starts PostgreSQL.
     *
     * @param dataDir the cluster's folder; kept between runs unless {@code fresh}
     * @param binariesDir where the binaries are unpacked once (a cache)
     * @param durable {@code true} keeps fsync on (the local stack); tests turn it off for speed
     */
    public static LocalPostgres start(Path dataDir, Path binariesDir, int port, boolean durable, boolean fresh) {
        try {
            Files.createDirectories(binariesDir);
            Files.createDirectories(dataDir.getParent());
            if (fresh) {
                deleteRecursively(dataDir);
            }
            // Never zonky's own clean-up: it would delete the cluster on every stop, restarts included; initdb runs
            // whenever the folder holds no cluster yet.
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(binariesDir.toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "400")
                    .setServerConfig("timezone", "UTC");
            if (durable) {
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            } else {
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            LocalPostgres local = new LocalPostgres(builder, dataDir, fresh);
            local.createDatabase();
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}: open connections are cut) and starts it again on the same port
     * and data folder after {@code downtime}, so every row survives.
     */
    public synchronized void restart(Duration downtime) {
        stopServer();
        LocalKafka.pause(downtime);
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restart embedded PostgreSQL", e);
        }
    }

    private void createDatabase() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the herald database", e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + DATABASE;
    }

    /** Stops the server; a {@code fresh} cluster's folder is deleted. */
    @Override
    public synchronized void close() {
        stopServer();
        if (fresh) {
            deleteRecursively(dataDir);
        }
    }

    private void stopServer() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dir, e);
        }
    }
}
